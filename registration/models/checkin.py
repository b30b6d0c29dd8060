"""At the venue: check-ins of onsite badges, and visa support letters requested before."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registration.models.registration import Registration


class CheckIn(models.Model):
    """A badge seen at the registration desk on one day of the forum. The first one is the
    badge's collection; a second scan the same day records nothing (the constraint)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="checkins"
    )
    day = models.DateField(_("day"))
    checked_in_at = models.DateTimeField(_("checked in at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["day", "checked_in_at", "pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["registration", "day"], name="checkin_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} on {self.day}"


class VisaLetterRequest(models.Model):
    """What an approved onsite participant gives for a visa support letter."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="visa_letter"
    )
    passport_number = models.CharField(_("passport number"), max_length=40)
    nationality = models.CharField(_("nationality"), max_length=100)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        verbose_name = _("visa letter request")
        verbose_name_plural = _("visa letter requests")

    def __str__(self) -> str:
        return f"Visa letter for {self.registration_id}"
