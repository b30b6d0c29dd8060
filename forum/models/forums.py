"""Forums (editions), their phases, themes, rooms and per-forum roles."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from forum.models.accounts import User


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


acronym_validator = RegexValidator(
    r"^[a-z0-9_]{4,}\Z",
    _("Use at least four lowercase letters, digits or underscores."),
)


class Forum(models.Model):
    """One edition of a forum, for example "IGF 2025"."""

    class Kind(models.TextChoices):
        IGF = "igf", _("Internet Governance Forum")
        WSIS = "wsis", _("WSIS Forum")
        OTHER = "other", _("Other forum")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    acronym = models.CharField(
        _("acronym"),
        max_length=40,
        unique=True,
        validators=[acronym_validator],
        help_text=_("Used in schedule exports, e.g. igf2025."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.IGF)
    theme = models.CharField(_("overarching theme"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    timezone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_timezone]
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("host country"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Listed on the home page and visible to everyone.")
    )

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="forum_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(acronym__regex=r"^[a-z0-9_]{4,}$"),
                name="forum_acronym_format",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def days(self) -> list[dt.date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + dt.timedelta(days=i) for i in range(count)]

    def current_phase(self, today: dt.date | None = None) -> ForumPhase | None:
        today = today or timezone.localdate(timezone=self.tzinfo)
        for phase in self.phases.all():
            if phase.starts_on <= today <= phase.ends_on:
                return phase
        return None


class ForumPhase(models.Model):
    """A stage of a forum's year, with its dates."""

    class Kind(models.TextChoices):
        CALL_FOR_PROPOSALS = "cfp", _("Call for session proposals")
        REVIEW = "review", _("Review and selection")
        PROGRAMME = "programme", _("Programme published")
        LIVE = "live", _("Forum live")
        REPORTING = "reporting", _("Reporting")

    ORDER = [k.value for k in Kind]

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["forum", "starts_on", "kind"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["forum", "kind"], name="phase_once_per_forum"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="phase_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.starts_on} – {self.ends_on})"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A phase cannot end before it starts.")})


class Theme(models.Model):
    """A theme of the forum's programme; a theme with a parent is a sub-theme."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="themes")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("main theme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subthemes",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["forum", "position", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["forum", "parent", "name"], name="theme_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def clean(self) -> None:
        if self.parent_id and self.parent.forum_id != self.forum_id:
            raise ValidationError({"parent": _("A sub-theme belongs to its theme's forum.")})
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Sub-themes cannot have sub-themes.")})


class Room(models.Model):
    class Layout(models.TextChoices):
        THEATRE = "theatre", _("Theatre")
        AUDITORIUM = "auditorium", _("Auditorium")
        ROUNDTABLE = "roundtable", _("Round table")
        BOARDROOM = "boardroom", _("Boardroom")
        CLASSROOM = "classroom", _("Classroom")
        OPEN_SPACE = "open", _("Open space")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    layout = models.CharField(_("layout"), max_length=20, choices=Layout.choices)
    has_webcast = models.BooleanField(_("webcast"), default=True)
    has_captioning = models.BooleanField(_("real-time captioning"), default=True)
    webcast_url = models.URLField(_("webcast embed URL"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["forum", "position", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["forum", "name"], name="room_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ForumRole(models.Model):
    """A role someone holds in one forum. Organizers and participants follow from their proposals
    and registrations and are not stored here."""

    class Role(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        MAG_MEMBER = "mag", _("MAG member")
        CAPTIONER = "captioner", _("Captioner")
        HUB_COORDINATOR = "hub_coordinator", _("Hub coordinator")
        REGISTRATION_DESK = "registration_desk", _("Registration desk")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="forum_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["forum", "role", "user"]
        verbose_name = _("forum role")
        verbose_name_plural = _("forum roles")
        constraints = [
            models.UniqueConstraint(fields=["forum", "user", "role"], name="role_once_per_forum"),
        ]
        indexes = [models.Index(fields=["user", "forum"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.forum})"
