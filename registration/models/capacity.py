"""Sessions with a limited number of seats, and the sign-ups for them with a waitlist."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sessions.models import Session


class SessionCapacity(models.Model):
    """The seats of a session that takes sign-ups. Its row is the lock every sign-up and
    cancellation of the session takes (SELECT ... FOR UPDATE), and ``confirmed`` the counter."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="capacity")
    seats = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    confirmed = models.PositiveIntegerField(_("confirmed sign-ups"), default=0, editable=False)

    class Meta:
        verbose_name = _("session capacity")
        verbose_name_plural = _("session capacities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confirmed__lte=models.F("seats")),
                name="capacity_never_overbooked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} ({self.confirmed}/{self.seats})"


class SeatSignup(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waitlist")
        CANCELLED = "cancelled", _("cancelled")

    capacity = models.ForeignKey(SessionCapacity, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seat_signups"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    promoted_at = models.DateTimeField(_("promoted at"), null=True, blank=True)

    class Meta:
        # The waitlist is served in the order people joined it (pk breaks equal times).
        ordering = ["capacity", "created_at", "pk"]
        verbose_name = _("seat sign-up")
        verbose_name_plural = _("seat sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["capacity", "user"],
                condition=~models.Q(status="cancelled"),
                name="seat_signup_once",
            ),
        ]
        indexes = [models.Index(fields=["capacity", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.capacity_id} ({self.status})"
