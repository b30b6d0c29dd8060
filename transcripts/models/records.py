"""A session's transcript: its caption segments in order, corrected and published by the
secretariat. Segments stream in live (captioners) or come from an imported file."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sessions.models import Session

#: PostgreSQL text search configurations a transcript can be indexed with, by session language.
SEARCH_CONFIGS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "ar": "arabic",
    "zh": "simple",
}


class Transcript(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="transcript")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    #: The PostgreSQL text search configuration its segments are indexed with.
    search_config = models.CharField(
        _("search language"),
        max_length=20,
        choices=[(config, config) for config in sorted(set(SEARCH_CONFIGS.values()))],
        default="english",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["session"]
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")

    def __str__(self) -> str:
        return f"{self.session}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Segment(models.Model):
    """One caption segment. ``sequence`` is the captioner's number for it: the same number sent
    again is the same segment (stored once, or corrected), and the transcript is in its order."""

    class Source(models.TextChoices):
        LIVE = "live", _("Live captions")
        IMPORT = "import", _("Imported file")

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="segments")
    sequence = models.PositiveIntegerField()
    #: Milliseconds from the session's start.
    start_ms = models.PositiveIntegerField(_("start (ms)"))
    end_ms = models.PositiveIntegerField(_("end (ms)"))
    text = models.TextField(_("text"))
    speaker = models.CharField(_("speaker"), max_length=120, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LIVE)
    #: How many times the text was corrected (by the captioner or the secretariat).
    revision = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    #: Maintained by the services on PostgreSQL (GIN-indexed); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["transcript", "sequence"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        constraints = [
            models.UniqueConstraint(
                fields=["transcript", "sequence"], name="segment_once_per_sequence"
            ),
            models.CheckConstraint(
                condition=models.Q(end_ms__gte=models.F("start_ms")),
                name="segment_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.transcript} #{self.sequence}"

    @property
    def start_clock(self) -> str:
        """The start as H:MM:SS from the session's start."""
        seconds = self.start_ms // 1000
        return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
