"""The programme's time grid, what constrains it, the scheduler's runs and the published versions.

Times of day (``ProgrammeDay``) are wall-clock times in the forum's time zone; every other instant
is an aware ``DateTimeField`` (stored in UTC).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import Forum, Room


class ProgrammeDay(models.Model):
    """One forum day of the grid: when sessions may start and must end, in slots."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="programme_days")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("first session starts"), default="09:00")
    ends_at = models.TimeField(_("last session ends"), default="18:00")
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"),
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(120)],
        help_text=_("Sessions start on a slot boundary."),
    )

    class Meta:
        ordering = ["forum", "date"]
        verbose_name = _("programme day")
        verbose_name_plural = _("programme days")
        constraints = [
            models.UniqueConstraint(fields=["forum", "date"], name="programme_day_once"),
        ]

    def __str__(self) -> str:
        return f"{self.forum} {self.date}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The day must end after it starts.")})


class BlockedPeriod(models.Model):
    """A time no session may use: a break for every room (``room`` empty) or one room's blocked
    slot (set-up, a press conference)."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="blocked_periods")
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="blocked_periods",
        help_text=_("Empty: a break for every room."),
    )
    label = models.CharField(_("label"), max_length=100, default="Break")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        ordering = ["forum", "starts_at"]
        verbose_name = _("break or blocked slot")
        verbose_name_plural = _("breaks and blocked slots")

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The period must end after it starts.")})


class RoomAvailability(models.Model):
    """When a room can be used. A room with no rows is available for the whole grid."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="availability")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))

    class Meta:
        ordering = ["room", "starts_at"]
        verbose_name = _("room availability")
        verbose_name_plural = _("room availability")

    def __str__(self) -> str:
        return f"{self.room}: {self.starts_at} – {self.ends_at}"


class PersonUnavailability(models.Model):
    """A time a speaker, moderator or organizer declared they cannot take part, known by their
    address (and their account when they have one)."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="unavailabilities")
    email = models.EmailField(_("email"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="unavailabilities",
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["forum", "email", "starts_at"]
        verbose_name = _("unavailability")
        verbose_name_plural = _("unavailabilities")
        indexes = [models.Index(fields=["forum", "email"])]

    def __str__(self) -> str:
        return f"{self.email}: {self.starts_at} – {self.ends_at}"


class SchedulerSettings(models.Model):
    """The weights of the scheduler's soft goals, per forum (0 turns a goal off)."""

    forum = models.OneToOneField(Forum, on_delete=models.CASCADE, related_name="scheduler_settings")
    spread_subthemes = models.PositiveSmallIntegerField(
        _("spread sessions of one sub-theme across time"), default=5
    )
    popular_in_large_rooms = models.PositiveSmallIntegerField(
        _("popular sessions in larger rooms"), default=3
    )
    balance_days = models.PositiveSmallIntegerField(_("balance the days"), default=2)
    online_friendly_hours = models.PositiveSmallIntegerField(
        _("mostly-online sessions in hours friendly to their regions"), default=2
    )
    keep_placements = models.PositiveSmallIntegerField(
        _("keep sessions where they are when solving again"), default=10
    )
    time_limit_seconds = models.PositiveSmallIntegerField(
        _("time limit (seconds)"), default=60, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("scheduler settings")
        verbose_name_plural = _("scheduler settings")

    def __str__(self) -> str:
        return f"{self.forum}"


class ScheduleRun(models.Model):
    """One run of the automatic scheduler (a Celery task) and the best schedule it found."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        INFEASIBLE = "infeasible", _("No schedule satisfies the constraints")
        FAILED = "failed", _("Failed")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="schedule_runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    #: 0-100, from the solver's progress callbacks.
    progress = models.PositiveSmallIntegerField(default=0)
    objective = models.FloatField(_("soft objective"), null=True, blank=True)
    solutions_found = models.PositiveIntegerField(default=0)
    seconds_to_first = models.FloatField(null=True, blank=True)
    seconds_total = models.FloatField(null=True, blank=True)
    #: The best schedule so far: ``{session_id: {"room": room_id, "starts_at": iso}}``.
    placements = models.JSONField(default=dict, blank=True)
    #: Why no schedule exists, in words, one sentence a conflict.
    explanation = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    applied_at = models.DateTimeField(_("applied to the draft"), null=True, blank=True)

    class Meta:
        ordering = ["forum", "-created_at", "-pk"]
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")

    def __str__(self) -> str:
        return f"{self.forum} run {self.pk} ({self.get_status_display()})"


class ProgrammeVersion(models.Model):
    """A published programme: a numbered, frozen copy of every session's placement and what
    changed since the version before."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="programme_versions")
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note to participants"), blank=True)
    #: Every session as published: ``[{"id", "guid", "title", "room", "starts_at", "ends_at",
    #: "cancelled"}]``.
    snapshot = models.JSONField(default=list)
    #: ``{"added": [ids], "moved": [ids], "cancelled": [ids]}``.
    changelog = models.JSONField(default=dict)

    class Meta:
        ordering = ["forum", "-number"]
        get_latest_by = "number"
        verbose_name = _("programme version")
        verbose_name_plural = _("programme versions")
        constraints = [
            models.UniqueConstraint(fields=["forum", "number"], name="programme_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.forum} v{self.number}"


class DraftPlacement(models.Model):
    """Where the secretariat's draft programme puts a session (its room and time, or that it is
    cancelled). The published programme is on the session itself; publishing copies the draft
    there (:mod:`sessions.services.programme_publish`)."""

    session = models.OneToOneField(
        "programme.Session", on_delete=models.CASCADE, related_name="draft"
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["session__forum", "starts_at", "session__title"]
        verbose_name = _("draft placement")
        verbose_name_plural = _("draft placements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=True, ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="draft_placement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.room} {self.starts_at}"

    @property
    def is_placed(self) -> bool:
        return bool(self.room_id and self.starts_at and self.ends_at)
