"""A published programme built directly as rows, for the public programme's tests (owner: the
public programme). The contract with the scheduling side: the sessions hold the published
placement, and a ProgrammeVersion row says a version exists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from forum.models import SDG, Forum, Room, Theme, WSISActionLine
from sessions.models import ProgrammeVersion, ProposalPerson, Session
from tests.factories import ForumFactory, RoomFactory, ThemeFactory
from tests.sessions.factories import (
    PolicyQuestionFactory,
    ProposalFactory,
    ProposalPersonFactory,
    SessionFactory,
    SessionTypeFactory,
)

WORDS = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel"]


@dataclass
class Published:
    forum: Forum
    rooms: list[Room]
    theme: Theme
    subtheme: Theme
    sessions: list[Session] = field(default_factory=list)
    version: ProgrammeVersion | None = None


def publish(forum: Forum, number: int | None = None) -> ProgrammeVersion:
    """A new published version (the next number) of ``forum``'s programme."""
    if number is None:
        last = ProgrammeVersion.objects.filter(forum=forum).order_by("-number").first()
        number = (last.number + 1) if last else 1
    return ProgrammeVersion.objects.create(
        forum=forum, number=number, snapshot=[], changelog={"added": [], "moved": []}
    )


def placed(forum: Forum, hour: int = 9) -> dict:
    """A room and a time for a session of ``forum`` (on its first day, in its zone)."""
    start = dt.datetime.combine(forum.start_date, dt.time(hour), tzinfo=forum.tzinfo)
    return {
        "room": RoomFactory(forum=forum),
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=1),
    }


def add_session(p: Published, i: int, **overrides) -> Session:
    """Session ``i``: even ones on the first day in the Plenary Hall (webcast, SDG 9, C1), odd
    ones on the second day in Room B (no webcast, SDG 16, C5, the sub-theme); one in three in
    French; a speaker "Speaker i" of "Institute <word>" and a moderator "Moderator <word>"."""
    forum = p.forum
    stype = SessionTypeFactory(forum=forum)
    proposal = ProposalFactory(forum=forum, session_type=stype)
    ProposalPersonFactory(
        proposal=proposal,
        name=f"Speaker {i}",
        organisation=f"Institute {WORDS[i % len(WORDS)]}",
        email=f"speaker{i}-{forum.pk}@example.org",
    )
    ProposalPersonFactory(
        proposal=proposal,
        role=ProposalPerson.Role.ONSITE_MODERATOR,
        name=f"Moderator {WORDS[i % len(WORDS)]}",
        email=f"moderator{i}-{forum.pk}@example.org",
    )
    PolicyQuestionFactory(proposal=proposal, text=f"Policy question {i}?")
    proposal.sdgs.set([SDG.objects.get(number=16 if i % 2 else 9)])
    proposal.wsis_action_lines.set([WSISActionLine.objects.get(code="C5" if i % 2 else "C1")])
    day = forum.start_date + dt.timedelta(days=i % 2)
    start = dt.datetime.combine(day, dt.time(9 + (i // 2) % 8, 0), tzinfo=forum.tzinfo)
    values = {
        "forum": forum,
        "proposal": proposal,
        "session_type": stype,
        "title": f"Session {i}: digital cooperation",
        "description": f"About session {i}.",
        "room": p.rooms[i % len(p.rooms)],
        "starts_at": start,
        "ends_at": start + dt.timedelta(minutes=60),
        "theme": p.theme,
        "subtheme": p.subtheme if i % 2 else None,
        "language": "fr" if i % 3 == 2 else "en",
    }
    values.update(overrides)
    session = SessionFactory(**values)
    p.sessions.append(session)
    return session


def published_programme(n: int = 5, *, publish_version: bool = True, **forum_fields) -> Published:
    """A forum (Geneva, 2-6 December 2030 unless told otherwise) with two rooms, a theme and a
    sub-theme, ``n`` sessions and, unless told not to, a published version."""
    forum = ForumFactory(**forum_fields)
    rooms = [
        RoomFactory(forum=forum, name="Plenary Hall", capacity=500, position=0),
        RoomFactory(forum=forum, name="Room B", capacity=80, has_webcast=False, position=1),
    ]
    theme = ThemeFactory(forum=forum, name="Digital cooperation")
    subtheme = ThemeFactory(forum=forum, parent=theme, name="Artificial intelligence")
    p = Published(forum=forum, rooms=rooms, theme=theme, subtheme=subtheme)
    for i in range(n):
        add_session(p, i)
    if publish_version:
        p.version = publish(forum)
    return p
