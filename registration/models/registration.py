"""Registration: who takes part in a forum, how (onsite, online, press), and the secretariat's
decision; and each forum's registration settings (windows, onsite cap, privacy notice)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import Forum


class Gender(models.TextChoices):
    """Optional: a person may leave it empty, decline, or describe themselves."""

    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non-binary", _("Non-binary")
    SELF_DESCRIBED = "self-described", _("I describe myself as…")
    PREFER_NOT_TO_SAY = "prefer-not-to-say", _("Prefer not to say")


class RegistrationSettings(models.Model):
    """A forum's registration: when each kind opens and closes, the venue's cap and the privacy
    notice people consent to. Times are stored in UTC and entered in the forum's time zone."""

    forum = models.OneToOneField(
        Forum, on_delete=models.CASCADE, related_name="registration_settings"
    )
    onsite_opens_at = models.DateTimeField(_("onsite registration opens"), null=True, blank=True)
    onsite_closes_at = models.DateTimeField(_("onsite registration closes"), null=True, blank=True)
    online_opens_at = models.DateTimeField(_("online registration opens"), null=True, blank=True)
    online_closes_at = models.DateTimeField(_("online registration closes"), null=True, blank=True)
    press_opens_at = models.DateTimeField(_("press registration opens"), null=True, blank=True)
    press_closes_at = models.DateTimeField(_("press registration closes"), null=True, blank=True)
    onsite_cap = models.PositiveIntegerField(
        _("onsite cap"),
        null=True,
        blank=True,
        help_text=_("The most onsite participants the venue takes (pending and approved)."),
    )
    privacy_notice_version = models.CharField(_("privacy notice version"), max_length=40)
    privacy_notice = models.TextField(_("privacy notice"))

    class Meta:
        verbose_name = _("registration settings")
        verbose_name_plural = _("registration settings")

    def __str__(self) -> str:
        return f"Registration settings of {self.forum}"

    def window(self, attendance: str) -> tuple:
        """(opens_at, closes_at) of one kind of registration."""
        return getattr(self, f"{attendance}_opens_at"), getattr(self, f"{attendance}_closes_at")

    def clean(self) -> None:
        for kind in Registration.Attendance.values:
            opens, closes = self.window(kind)
            if opens and closes and closes <= opens:
                raise ValidationError(
                    {f"{kind}_closes_at": _("Registration must close after it opens.")}
                )


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("not approved")
        CANCELLED = "cancelled", _("cancelled")

    class Attendance(models.TextChoices):
        ONSITE = "onsite", _("onsite")
        ONLINE = "online", _("online")
        PRESS = "press", _("press")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.ONLINE
    )
    via_hub = models.BooleanField(_("following from a remote hub"), default=False)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    gender_self_described = models.CharField(_("gender, in my words"), max_length=100, blank=True)
    first_time = models.BooleanField(_("first time at this forum"), default=False)
    accessibility_needs = models.TextField(_("accessibility needs"), max_length=2000, blank=True)
    public_listing = models.BooleanField(_("list my name and organisation publicly"), default=False)
    privacy_notice_version = models.CharField(
        _("privacy notice version consented to"), max_length=40, blank=True
    )
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason given"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["forum", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["forum", "user"], name="registration_once_per_forum"),
            models.CheckConstraint(
                condition=~models.Q(gender="self-described") | ~models.Q(gender_self_described=""),
                name="registration_self_described_gender_given",
            ),
        ]
        indexes = [
            models.Index(fields=["forum", "status", "attendance"], name="registration_list"),
            models.Index(fields=["forum", "created_at"], name="registration_by_date"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.forum} ({self.get_status_display()})"

    @property
    def needs_approval(self) -> bool:
        return self.attendance in (self.Attendance.ONSITE, self.Attendance.PRESS)

    @property
    def gender_label(self) -> str:
        if self.gender == Gender.SELF_DESCRIBED:
            return self.gender_self_described
        return self.get_gender_display()
