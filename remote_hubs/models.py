"""Remote hubs and the live room of a session.

The live layer keeps the database as the source of truth: every chat line, question, poll change and
caption segment is stored, and every item the room broadcasts is a :class:`LiveEvent` row whose
``seq`` increases within the room. Clients resume from the last ``seq`` they have.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from forum.models import Forum, validate_timezone
from sessions.models import Session


def hub_label(city: str) -> str:
    """The short name of a hub in the live room ("Lagos hub"): built from the city alone, so that
    a ``values()`` query can name hubs without loading them. :attr:`Hub.label` is this."""
    return f"{city} hub"


class Hub(models.Model):
    """A group of people in one place following the forum's sessions together."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="hubs")
    host_institution = models.CharField(_("host institution"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"))
    time_zone = models.CharField(
        _("local time zone"), max_length=64, default="UTC", validators=[validate_timezone]
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hub coordinator (account)"),
        on_delete=models.PROTECT,
        related_name="coordinated_hubs",
    )
    coordinator_name = models.CharField(_("hub coordinator"), max_length=200)
    coordinator_email = models.EmailField(_("hub coordinator's email"))
    technical_name = models.CharField(_("technical coordinator"), max_length=200)
    technical_email = models.EmailField(_("technical coordinator's email"))
    expected_participants = models.PositiveIntegerField(
        _("expected participants"), validators=[MinValueValidator(1)]
    )
    areas_of_interest = models.TextField(_("areas of interest"), blank=True)
    planned_sessions = models.ManyToManyField(
        Session, verbose_name=_("sessions the hub plans to follow"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["forum", "country", "city", "host_institution"]
        verbose_name = _("remote hub")
        verbose_name_plural = _("remote hubs")
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "host_institution", "city"], name="hub_unique_per_forum"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city} – {self.host_institution}"

    @property
    def label(self) -> str:
        return hub_label(self.city)


class HubAttendance(models.Model):
    """How many people were present at a hub for a session; the latest report counts."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    people = models.PositiveIntegerField(_("people present"))
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["hub", "session", "-reported_at", "-pk"]
        indexes = [models.Index(fields=["session", "hub", "-reported_at"])]

    def __str__(self) -> str:
        return f"{self.hub} – {self.session_id}: {self.people}"


class LiveSettings(models.Model):
    """A forum's choices for its live rooms."""

    forum = models.OneToOneField(Forum, on_delete=models.CASCADE, related_name="live_settings")
    allow_anonymous_questions = models.BooleanField(_("allow anonymous questions"), default=True)
    moderate_questions = models.BooleanField(
        _("questions wait for a moderator"),
        default=False,
        help_text=_("Questions appear only after a moderator approves them."),
    )

    class Meta:
        verbose_name = _("live room settings")
        verbose_name_plural = _("live room settings")

    def __str__(self) -> str:
        return f"Live room settings of {self.forum}"


class LiveRoom(models.Model):
    """The live room of one session. ``last_seq`` is the id of the room's latest item; the row is
    locked while an item is appended, so items commit in the order of their ids."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="live_room")
    last_seq = models.PositiveBigIntegerField(default=0)
    highlighted_question = models.ForeignKey(
        "Question", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The most connections open at once, all of them and those not at a hub, kept by the
    #: presence batches (``presence_apply``) for the session's report.
    peak_connected = models.PositiveIntegerField(default=0)
    peak_online = models.PositiveIntegerField(default=0)
    peak_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Live room of {self.session}"


class LiveEvent(models.Model):
    """One item the room broadcast, in order. Replayed to clients that resume."""

    class Audience(models.TextChoices):
        ALL = "all", _("everyone in the room")
        MODERATORS = "moderators", _("moderators (and the person named)")

    room = models.ForeignKey(LiveRoom, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveBigIntegerField()
    type = models.CharField(max_length=40)
    payload = models.JSONField(default=dict)
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.ALL)
    #: With audience "moderators": the one other person who also sees the item (its author).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["room", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["room", "seq"], name="live_event_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.room_id}#{self.seq} {self.type}"


class ChatMessage(models.Model):
    room = models.ForeignKey(LiveRoom, on_delete=models.CASCADE, related_name="chat_messages")
    #: None once the author deleted their account: the item stays, from a former participant.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    hub = models.ForeignKey(Hub, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.TextField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    event = models.OneToOneField(LiveEvent, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["room", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Mute(models.Model):
    """A person a moderator muted in a live room: they still watch, they cannot write."""

    room = models.ForeignKey(LiveRoom, on_delete=models.CASCADE, related_name="mutes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["room", "user"], name="mute_once")]

    def __str__(self) -> str:
        return f"{self.user} muted in {self.room_id}"


class Question(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for a moderator")
        VISIBLE = "visible", _("open")
        ANSWERED = "answered", _("answered")
        REJECTED = "rejected", _("rejected")

    room = models.ForeignKey(LiveRoom, on_delete=models.CASCADE, related_name="questions")
    #: None once the author deleted their account: the item stays, from a former participant.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    hub = models.ForeignKey(Hub, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    anonymous = models.BooleanField(default=False)
    text = models.TextField(max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["room", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class QuestionVote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="question_upvote_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ↑ {self.question_id}"


class FloorRequest(models.Model):
    """A hub asks for the floor; the moderator works through the queue in order."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        GRANTED = "granted", _("has the floor")
        DONE = "done", _("done")
        WITHDRAWN = "withdrawn", _("withdrawn")

    room = models.ForeignKey(LiveRoom, on_delete=models.CASCADE, related_name="floor_requests")
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["room", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["room", "hub"],
                condition=models.Q(status__in=["waiting", "granted"]),
                name="floor_request_one_open_per_hub",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hub} ({self.status})"


class Poll(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        RATING = "rating", _("rating scale")
        WORDCLOUD = "wordcloud", _("word cloud")
        TEXT = "text", _("open text")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    room = models.ForeignKey(LiveRoom, on_delete=models.CASCADE, related_name="polls")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    question = models.CharField(max_length=300)
    options = models.JSONField(default=list, blank=True)
    scale_max = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(2), MaxValueValidator(10)]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    results_hidden = models.BooleanField(_("hide results until closed"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["room", "pk"]

    def __str__(self) -> str:
        return self.question


class PollVote(models.Model):
    """One person's answer to a poll. The unique constraint is what enforces one vote each."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    choices = models.JSONField(default=list, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="poll_vote_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.poll_id}"


#: A connection not seen for this long no longer counts (its server process died).
PRESENCE_STALE = dt.timedelta(seconds=90)


class LivePresence(models.Model):
    """One open connection to a live room, so that every server process counts the same."""

    room = models.ForeignKey(LiveRoom, on_delete=models.CASCADE, related_name="presences")
    channel_name = models.CharField(max_length=200, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    hub = models.ForeignKey(Hub, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["room", "seen_at"])]

    def __str__(self) -> str:
        return self.channel_name


class LiveAttendance(models.Model):
    """A signed-in person who followed the session in its live room, once however many times
    they connected; ``hub`` is where their latest connection said they were."""

    room = models.ForeignKey(LiveRoom, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    hub = models.ForeignKey(Hub, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    first_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["room", "user"], name="live_attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.room_id}"
