from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutputsConfig(AppConfig):
    """The forum's outputs compiled from its session reports: the Messages, the chair's summary
    and the WSIS outcome document, built by Celery as HTML, PDF and DOCX, with a comment round."""

    name = "outputs"
    verbose_name = _("Forum outputs")
