from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Session reports: each session's short and full report, drafted by its rapporteur from
    what the platform knows, approved by the secretariat and published."""

    name = "reports"
    verbose_name = _("Session reports")
