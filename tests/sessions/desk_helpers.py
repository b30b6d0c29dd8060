"""A forum with rooms, programme days and sessions of accepted proposals, for the programme desk's
tests (the editor, the scheduler's runs, versions)."""

from __future__ import annotations

import datetime as dt

from forum.models import ForumRole, Room
from sessions.models import ProgrammeDay, ProposalPerson
from tests.factories import ForumFactory, RoomFactory, UserFactory, grant
from tests.sessions.factories import ProposalFactory, ProposalPersonFactory, SessionFactory


def local(forum, day: int, hour: int, minute: int = 0) -> dt.datetime:
    """``hour:minute`` on the forum's ``day``-th day (0 = first), in its time zone."""
    return dt.datetime.combine(
        forum.start_date + dt.timedelta(days=day), dt.time(hour, minute), tzinfo=forum.tzinfo
    )


def make_forum(days: int = 1):
    forum = ForumFactory()
    for i in range(days):
        ProgrammeDay.objects.create(
            forum=forum,
            date=forum.start_date + dt.timedelta(days=i),
            starts_at=dt.time(9),
            ends_at=dt.time(13),
        )
    return forum


def make_rooms(forum):
    return [
        RoomFactory(
            forum=forum,
            name="Workshop Room 1",
            position=1,
            capacity=60,
            layout=Room.Layout.ROUNDTABLE,
        ),
        RoomFactory(
            forum=forum, name="Main Hall", position=2, capacity=500, layout=Room.Layout.THEATRE
        ),
    ]


def make_secretariat(forum):
    user = UserFactory()
    grant(user, forum, ForumRole.Role.SECRETARIAT)
    return user


def make_session(forum, *, title: str, speaker_email: str = "", **kwargs):
    """A session of an accepted proposal (its creator organises it), with one speaker."""
    proposal = ProposalFactory(forum=forum, title=title)
    if speaker_email:
        ProposalPersonFactory(
            proposal=proposal,
            role=ProposalPerson.Role.SPEAKER,
            email=speaker_email,
            name=speaker_email.split("@")[0].title(),
        )
    kwargs.setdefault("format", "")  # any room suits it
    return SessionFactory(
        forum=forum, proposal=proposal, title=title, session_type=proposal.session_type, **kwargs
    )
