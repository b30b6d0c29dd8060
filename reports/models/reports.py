"""Session reports. Every session files a short report soon after it ends (up to three key
takeaways and three calls to action) and a full report some time after the forum (summary of
presentations, discussion, way forward, participation). Rapporteurs and organizers draft and
submit; the secretariat approves or returns with comments; approved reports are published."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import SDG, Forum
from sessions.models import Session

#: At most this many key takeaways, and this many calls to action, in a report.
MAX_POINTS = 3


class ReportSettings(models.Model):
    """A forum's report deadlines and reminders."""

    forum = models.OneToOneField(Forum, on_delete=models.CASCADE, related_name="report_settings")
    short_due_hours = models.PositiveSmallIntegerField(
        _("short report due (hours after the session ends)"),
        default=12,
        validators=[MaxValueValidator(24 * 14)],
    )
    full_due_days = models.PositiveSmallIntegerField(
        _("full report due (days after the forum's last day)"),
        default=14,
        validators=[MaxValueValidator(120)],
    )
    reminder_hours_before = models.PositiveSmallIntegerField(
        _("reminder (hours before each deadline)"),
        default=6,
        validators=[MaxValueValidator(24 * 14)],
    )

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return f"{self.forum}"


class SessionReport(models.Model):
    class Kind(models.TextChoices):
        SHORT = "short", _("Short report")
        FULL = "full", _("Full report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")

    class PrefillStatus(models.TextChoices):
        NONE = "none", _("Not prefilled")
        RUNNING = "running", _("Prefilling")
        DONE = "done", _("Prefilled")
        FAILED = "failed", _("Prefill failed")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    #: When it is due: stored when the report is created (and moved if the session moves).
    due_at = models.DateTimeField(_("due"))

    # Short report (the full report carries them too, copied from the short one).
    key_takeaways = models.JSONField(_("key takeaways"), default=list, blank=True)
    calls_to_action = models.JSONField(_("calls to action"), default=list, blank=True)

    # Full report.
    presentations_summary = models.TextField(_("summary of presentations"), blank=True)
    discussion = models.TextField(_("discussion"), blank=True)
    way_forward = models.TextField(_("way forward"), blank=True)
    participants_onsite = models.PositiveIntegerField(
        _("participants onsite"), null=True, blank=True
    )
    participants_online = models.PositiveIntegerField(
        _("participants online"), null=True, blank=True
    )
    participants_hubs = models.PositiveIntegerField(
        _("participants at hubs"), null=True, blank=True
    )
    participants_women = models.PositiveIntegerField(_("of whom women"), null=True, blank=True)
    sdgs = models.ManyToManyField(
        SDG, verbose_name=_("SDGs addressed"), blank=True, related_name="+"
    )
    gender_discussed = models.BooleanField(_("gender issues were discussed"), null=True, blank=True)
    gender_notes = models.TextField(_("how gender issues were discussed"), blank=True)

    #: What the platform knew when it prefilled the draft (speakers, counts, top questions,
    #: polls, transcript excerpt), kept so the rapporteur sees where each figure came from.
    platform_facts = models.JSONField(default=dict, blank=True)
    prefill_status = models.CharField(
        max_length=10, choices=PrefillStatus.choices, default=PrefillStatus.NONE
    )
    prefill_error = models.CharField(max_length=300, blank=True)
    prefilled_at = models.DateTimeField(null=True, blank=True)

    #: Increases on every save through the services: an edit made on an older revision is refused.
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("secretariat's comments"), blank=True)
    #: Set when approved; a published report shows on the session page and in the API.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["session", "kind"]
        verbose_name = _("session report")
        verbose_name_plural = _("session reports")
        constraints = [
            models.UniqueConstraint(fields=["session", "kind"], name="one_report_per_kind"),
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="report_status_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.session}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status in (self.Status.DRAFT, self.Status.RETURNED) and self.due_at < now


class ReportReminder(models.Model):
    """One reminder sent for one report: the constraint makes the beat task idempotent."""

    class Stage(models.TextChoices):
        BEFORE = "before", _("Before the deadline")
        OVERDUE = "overdue", _("Overdue")

    report = models.ForeignKey(SessionReport, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "stage"], name="one_reminder_per_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.get_stage_display()})"
