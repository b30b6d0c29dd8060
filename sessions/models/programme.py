"""A session in the forum's programme: an accepted proposal, or one the secretariat organises."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forum.models import Forum, Room, Theme
from sessions.models.call import SessionFormat, SessionType
from sessions.models.proposals import Proposal


class Session(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="sessions")
    proposal = models.OneToOneField(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="session"
    )
    session_type = models.ForeignKey(
        SessionType,
        verbose_name=_("session type"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    duration = models.PositiveSmallIntegerField(_("duration (minutes)"))
    format = models.CharField(_("format"), max_length=20, choices=SessionFormat.choices, blank=True)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subtheme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    room = models.ForeignKey(
        Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    webcast_url = models.URLField(
        _("webcast embed URL"), blank=True, help_text=_("Empty: the room's webcast.")
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Anyone may follow the live room read-only.")
    )
    #: Onsite and online moderators with an account: they moderate the live room.
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderators"),
        blank=True,
        related_name="moderated_sessions",
    )

    class Meta:
        ordering = ["forum", "starts_at", "title"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["forum", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_live_url(self) -> str:
        return reverse("live_room", kwargs={"slug": self.forum.slug, "session_id": self.pk})

    @property
    def embed_url(self) -> str:
        return self.webcast_url or (self.room.webcast_url if self.room_id else "")
