from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranscriptsConfig(AppConfig):
    """The record: captions, transcripts, session reports and compilations."""

    name = "transcripts"
    verbose_name = _("Transcripts and reports")
