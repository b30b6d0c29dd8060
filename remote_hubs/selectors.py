"""Reads of hubs and live rooms that views and the consumer share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from forum.models import Forum
from forum.rules import is_secretariat
from registration.rules import is_registered_participant
from remote_hubs import rules as live_rules
from remote_hubs.models import Hub, HubAttendance, LiveRoom, PollVote, Question, QuestionVote
from sessions.models import Session
from sessions.selectors.public_programme import published_exists, published_sessions_qs


@dataclass
class LiveAccess:
    session: Session
    room: LiveRoom
    moderator: bool
    participant: bool


def live_access_for(*, session_id: int, viewer, forum_slug: str | None = None) -> LiveAccess | None:
    """The session and its live room if ``viewer`` may at least watch it, else ``None``."""
    qs = Session.objects.select_related("forum", "room")
    if forum_slug is not None:
        qs = qs.filter(forum__slug=forum_slug)
    session = qs.filter(pk=session_id).first()
    if session is None or not live_rules.can_watch_live.test(viewer, session):
        return None
    room, _ = LiveRoom.objects.get_or_create(session=session)
    room.session = session
    return LiveAccess(
        session=session,
        room=room,
        moderator=live_rules.can_moderate_live.test(viewer, session),
        participant=live_rules.can_take_part_live.test(viewer, session),
    )


#: How long a session without an end time counts as live after it starts.
LIVE_WITHOUT_END = dt.timedelta(minutes=90)


def live_phase(session: Session, *, now: dt.datetime | None = None) -> str:
    """Whether the session is on: ``live`` between its start and end, else ``upcoming``, ``ended``
    or ``unscheduled``. From the session's own times, never from whether a socket is open."""
    if session.starts_at is None:
        return "unscheduled"
    now = now or timezone.now()
    ends_at = session.ends_at or session.starts_at + LIVE_WITHOUT_END
    if now < session.starts_at:
        return "upcoming"
    return "live" if now < ends_at else "ended"


def votes_of(*, room_id: int, user) -> dict[str, list[int]]:
    """The questions this person asked (anonymous ones too: their page must not offer to upvote
    them) and upvoted, and the polls they answered in the room."""
    if not user.is_authenticated:
        return {"asked": [], "upvoted": [], "voted": []}
    asked = Question.objects.filter(room_id=room_id, author=user)
    upvoted = QuestionVote.objects.filter(question__room_id=room_id, user=user)
    voted = PollVote.objects.filter(poll__room_id=room_id, user=user)
    return {
        "asked": sorted(asked.values_list("pk", flat=True)),
        "upvoted": sorted(upvoted.values_list("question_id", flat=True)),
        "voted": sorted(voted.values_list("poll_id", flat=True)),
    }


def live_access_or_404(*, slug: str, session_id: int, viewer) -> LiveAccess:
    access = live_access_for(session_id=session_id, viewer=viewer, forum_slug=slug)
    if access is None:
        raise Http404("No such live room.")
    return access


def approved_hubs(*, forum: Forum) -> QuerySet[Hub]:
    return Hub.objects.filter(forum=forum, status=Hub.Status.APPROVED).order_by(
        "country", "city", "host_institution"
    )


def hubs_of_coordinator(*, forum: Forum, viewer) -> QuerySet[Hub]:
    if not viewer.is_authenticated:
        return Hub.objects.none()
    return Hub.objects.filter(forum=forum, coordinator=viewer).order_by("pk")


def hub_for_manager(*, forum: Forum, hub_id: int, viewer) -> Hub:
    hub = (
        Hub.objects.filter(forum=forum, pk=hub_id)
        .select_related("forum", "coordinator")
        .prefetch_related(
            Prefetch(
                "planned_sessions",
                # ``published``: whether the session's times are those of a published programme.
                queryset=Session.objects.select_related("room")
                .annotate(published=published_exists())
                .order_by("starts_at", "title"),
            ),
            Prefetch("attendance", queryset=HubAttendance.objects.order_by("-reported_at", "-pk")),
        )
        .first()
    )
    if hub is None or not live_rules.can_manage_hub.test(viewer, hub):
        raise Http404("No such hub.")
    return hub


def sessions_with_live_rooms(*, forum: Forum, viewer, query: str = "") -> list[Session]:
    """The forum's sessions in the published programme with a live room the viewer may open,
    optionally those whose title contains ``query``."""
    qs = published_sessions_qs(forum=forum)
    if query:
        qs = qs.filter(title__icontains=query)
    sessions = list(
        qs.select_related("room", "forum", "session_type").order_by("starts_at", "title", "pk")
    )
    if is_secretariat.test(viewer, forum) or is_registered_participant.test(viewer, forum):
        return sessions
    moderated: set[int] = set()
    if viewer.is_authenticated and not all(s.is_public for s in sessions):
        moderated = set(viewer.moderated_sessions.values_list("pk", flat=True))
    return [s for s in sessions if s.is_public or s.pk in moderated]


def live_session_count(*, forum: Forum, viewer) -> int:
    """How many of the forum's published sessions the viewer may follow live, counted in the
    database."""
    qs = published_sessions_qs(forum=forum)
    if is_secretariat.test(viewer, forum) or is_registered_participant.test(viewer, forum):
        return qs.count()
    visible = Q(is_public=True)
    if viewer.is_authenticated:
        visible |= Q(moderators=viewer)
    return qs.filter(visible).distinct().count()
