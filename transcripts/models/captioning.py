"""Captioners: the rooms or sessions each captions, and the tokens their software sends with."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import Forum, Room
from sessions.models import Session


class CaptionerAssignment(models.Model):
    """A captioner captions one session, or every session of one room."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="captioner_assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("captioner"),
        on_delete=models.CASCADE,
        related_name="captioner_assignments",
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="captioner_assignments",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="captioner_assignments",
    )

    class Meta:
        ordering = ["forum", "user", "pk"]
        verbose_name = _("captioner assignment")
        verbose_name_plural = _("captioner assignments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(room__isnull=False) | models.Q(session__isnull=False),
                name="captioner_assignment_names_room_or_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.session or self.room}"

    def clean(self) -> None:
        if not self.room_id and not self.session_id:
            raise ValidationError(_("Name a room or a session."))
        for part in (self.room, self.session):
            if part is not None and self.forum_id and part.forum_id != self.forum_id:
                raise ValidationError(_("The room and the session must be of this forum."))


class CaptionerToken(models.Model):
    """A secret a captioner's software sends (``Authorization: Bearer …``). Only its SHA-256 is
    stored; ``prefix`` (its first characters) lets people tell their tokens apart."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="captioner_tokens")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="captioner_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["forum", "user", "-created_at"]
        verbose_name = _("captioner token")
        verbose_name_plural = _("captioner tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
