"""The forum's outputs: each compilation (the Messages, the chair's summary, the WSIS outcome
document), the secretariat's synthesis per theme, every build kept as a numbered version, and the
comment round on a draft version."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import Forum, Theme


class Compilation(models.Model):
    class Kind(models.TextChoices):
        MESSAGES = "messages", _("Forum Messages")
        CHAIR_SUMMARY = "chair_summary", _("Chair's summary")
        WSIS_OUTCOME = "wsis_outcome", _("WSIS outcome document")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="compilations")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["forum", "kind"]
        verbose_name = _("compilation")
        verbose_name_plural = _("compilations")
        constraints = [
            models.UniqueConstraint(fields=["forum", "kind"], name="one_compilation_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.forum}"


class ThemeSynthesis(models.Model):
    """The secretariat's synthesis of one theme, placed at the head of the theme's messages."""

    compilation = models.ForeignKey(Compilation, on_delete=models.CASCADE, related_name="syntheses")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("synthesis"), blank=True, max_length=20000)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("theme synthesis")
        verbose_name_plural = _("theme syntheses")
        constraints = [
            models.UniqueConstraint(
                fields=["compilation", "theme"], name="one_synthesis_per_theme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.compilation}: {self.theme}"


class CompilationBuild(models.Model):
    """One build request. It becomes a numbered version when it is done: the number is given in
    the transaction that marks it done, so a retried or duplicated task can never make two."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Building")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    compilation = models.ForeignKey(Compilation, on_delete=models.CASCADE, related_name="builds")
    #: The request's own key (a hidden field of the build form): submitting the same form twice
    #: asks for one build.
    request_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.PositiveIntegerField(_("version"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    error = models.CharField(_("reason"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    #: Written with every progress update: a build that stops beating was lost with its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    #: The latest ``updated_at`` of the reports the build used, and how many it used.
    inputs_updated_at = models.DateTimeField(_("inputs as of"), null=True, blank=True)
    report_count = models.PositiveIntegerField(default=0)
    #: Paths under MEDIA_ROOT, set when done.
    html_file = models.CharField(max_length=300, blank=True)
    pdf_file = models.CharField(max_length=300, blank=True)
    docx_file = models.CharField(max_length=300, blank=True)
    #: Seconds spent per format (and reading), for the bench and the page.
    timings = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["compilation", "-requested_at", "-pk"]
        verbose_name = _("compilation build")
        verbose_name_plural = _("compilation builds")
        constraints = [
            models.UniqueConstraint(
                fields=["compilation", "number"], name="one_build_per_version_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number__isnull=True) | models.Q(status="done"),
                name="only_done_builds_are_numbered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.compilation} #{self.number or '-'} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CommentRound(models.Model):
    """A done draft version open to the forum's registered participants for comments, from
    ``opens_at`` until ``closes_at`` (closing early moves ``closes_at`` to then)."""

    build = models.ForeignKey(
        CompilationBuild, on_delete=models.CASCADE, related_name="comment_rounds"
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("comment round")
        verbose_name_plural = _("comment rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="round_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.build}: {self.opens_at:%Y-%m-%d} – {self.closes_at:%Y-%m-%d}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class ParagraphComment(models.Model):
    """A participant's comment on one paragraph (by its stable id in the document)."""

    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="comments")
    paragraph_id = models.CharField(max_length=80)
    #: The paragraph as the participant read it.
    paragraph_text = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=3000)
    created_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(_("answer"), blank=True, max_length=3000)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["round", "paragraph_id", "created_at", "pk"]
        verbose_name = _("paragraph comment")
        verbose_name_plural = _("paragraph comments")
        indexes = [models.Index(fields=["round", "paragraph_id"])]

    def __str__(self) -> str:
        return f"{self.paragraph_id}: {self.text[:40]}"
