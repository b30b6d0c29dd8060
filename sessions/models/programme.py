"""A session in the forum's programme: an accepted proposal, or one the secretariat organises."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forum.models import Forum, Room, Theme
from sessions.models.call import SessionFormat, SessionType
from sessions.models.proposals import Proposal

#: The languages a session can be held in: the six UN languages.
SESSION_LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]


class Session(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="sessions")
    #: The session's identity in every export (frab ``guid``, iCalendar ``UID``): never changes,
    #: whatever version of the programme the session is in.
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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
    language = models.CharField(
        _("language"), max_length=5, choices=SESSION_LANGUAGES, default="en"
    )
    expected_audience = models.PositiveIntegerField(
        _("expected onsite audience"),
        default=0,
        help_text=_("The scheduler places the session in a room at least this large."),
    )
    #: Pinned sessions (opening, main sessions, closing) keep their room and time when the
    #: scheduler runs.
    is_pinned = models.BooleanField(_("pinned to its room and time"), default=False)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    #: iCalendar SEQUENCE: raised by publishing when the session's time or room changed.
    sequence = models.PositiveIntegerField(default=0, editable=False)
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

    @property
    def is_scheduled(self) -> bool:
        return bool(self.room_id and self.starts_at and self.ends_at)

    def get_live_url(self) -> str:
        return reverse("live_room", kwargs={"slug": self.forum.slug, "session_id": self.pk})

    @property
    def embed_url(self) -> str:
        return self.webcast_url or (self.room.webcast_url if self.room_id else "")


class Bookmark(models.Model):
    """A session in a person's "My schedule"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_bookmarks"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["session__starts_at", "pk"]
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        constraints = [
            models.UniqueConstraint(fields=["user", "session"], name="bookmark_once_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.session}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a person's personal ICS feed ("My schedule"); a new token revokes
    the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}"
