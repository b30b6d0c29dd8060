"""What the public API reads: public forums and their published programmes only."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from forum.models import Forum, Room
from sessions.models import ProgrammeVersion, ProposalPerson, Session
from sessions.selectors.public_programme import (
    PROGRAMME_ROLES,
    published_placed,
    published_versions,
)


def public_forums() -> QuerySet[Forum]:
    """Forums anyone may see, each with ``published`` (whether a version exists)."""
    return Forum.objects.filter(is_public=True).annotate(
        published=Exists(published_versions(OuterRef("pk")))
    )


def _published_forum_ids():
    return public_forums().filter(published=True).values("pk")


def api_sessions(
    *,
    forum: str = "",
    day: dt.date | None = None,
    room: int | None = None,
    theme: int | None = None,
    session_type: str = "",
) -> QuerySet[Session]:
    """Published sessions of public forums (cancelled ones included), filtered; ``day`` is a day
    in the session's forum's zone."""
    qs = published_placed(Session.objects.filter(forum__in=_published_forum_ids()))
    if forum:
        qs = qs.filter(forum__slug=forum)
    if room is not None:
        qs = qs.filter(room_id=room)
    if theme is not None:
        qs = qs.filter(Q(theme_id=theme) | Q(subtheme_id=theme))
    if session_type:
        qs = qs.filter(session_type__code=session_type)
    if day is not None:
        ids = [
            pk
            for pk, starts_at, zone in qs.values_list("pk", "starts_at", "forum__timezone")
            if starts_at.astimezone(zoneinfo.ZoneInfo(zone)).date() == day
        ]
        qs = qs.filter(pk__in=ids)
    qs = qs.select_related("forum", "room", "session_type", "theme", "subtheme", "proposal")
    qs = qs.prefetch_related(
        Prefetch(
            "proposal__people",
            queryset=ProposalPerson.objects.filter(role__in=PROGRAMME_ROLES)
            .exclude(confirmation=ProposalPerson.Confirmation.DECLINED)
            .order_by("role", "position", "pk"),
        ),
        "proposal__sdgs",
        "proposal__wsis_action_lines",
    ).order_by("starts_at", "room__position", "title", "pk")
    return qs


def api_speakers(*, forum: str = "") -> QuerySet[ProposalPerson]:
    """The speakers and moderators of published sessions of public forums (never who declined)."""
    sessions = published_placed(Session.objects.filter(forum__in=_published_forum_ids()))
    if forum:
        sessions = sessions.filter(forum__slug=forum)
    return (
        ProposalPerson.objects.filter(
            role__in=PROGRAMME_ROLES, proposal__session__in=sessions.values("pk")
        )
        .exclude(confirmation=ProposalPerson.Confirmation.DECLINED)
        .select_related("proposal__session__forum", "stakeholder_group")
        .order_by("name", "pk")
    )


def api_rooms(*, forum: str = "") -> QuerySet[Room]:
    qs = Room.objects.filter(forum__in=public_forums().values("pk")).select_related("forum")
    if forum:
        qs = qs.filter(forum__slug=forum)
    return qs.order_by("forum__start_date", "position", "name", "pk")


def api_versions(*, forum: str = "") -> QuerySet[ProgrammeVersion]:
    qs = ProgrammeVersion.objects.filter(forum__in=public_forums().values("pk")).select_related(
        "forum"
    )
    if forum:
        qs = qs.filter(forum__slug=forum)
    return qs.order_by("forum__start_date", "-number", "pk")
