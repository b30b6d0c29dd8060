"""Registration of participants. Minimal for now: who takes part in a forum, and how.

The full registration capability (forms, approval workflow, badges, check-in) comes later; the live
rooms already need to know who is a registered participant.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import Forum


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        CANCELLED = "cancelled", _("cancelled")

    class Attendance(models.TextChoices):
        ONSITE = "onsite", _("onsite")
        ONLINE = "online", _("online")

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
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["forum", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["forum", "user"], name="registration_once_per_forum"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.forum} ({self.get_status_display()})"
