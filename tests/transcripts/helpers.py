"""Sessions with captioners and tokens for the transcripts tests."""

from __future__ import annotations

from dataclasses import dataclass

from forum.models import ForumRole
from tests.factories import ForumFactory, RoomFactory, UserFactory, grant
from tests.sessions.factories import SessionFactory
from transcripts.models import CaptionerAssignment
from transcripts.services.segments import SegmentInput, segments_store
from transcripts.services.tokens import token_create


@dataclass
class Captioned:
    forum: object
    session: object
    captioner: object
    token: object
    secret: str
    secretariat: object


def captioned_session(*, by_room: bool = True, **session_fields) -> Captioned:
    forum = ForumFactory()
    room = RoomFactory(forum=forum)
    session = SessionFactory(forum=forum, room=room, **session_fields)
    captioner = UserFactory(name="Cara Captioner")
    grant(captioner, forum, ForumRole.Role.CAPTIONER)
    if by_room:
        CaptionerAssignment.objects.create(forum=forum, user=captioner, room=room)
    else:
        CaptionerAssignment.objects.create(forum=forum, user=captioner, session=session)
    token, secret = token_create(forum=forum, user=captioner, name="Steno laptop")
    secretariat = UserFactory(name="Sec Retariat")
    grant(secretariat, forum, ForumRole.Role.SECRETARIAT)
    return Captioned(forum, session, captioner, token, secret, secretariat)


def add_segments(case: Captioned, *texts: str, speaker: str = "") -> None:
    segments_store(
        session=case.session,
        by=case.captioner,
        segments=[
            SegmentInput(
                sequence=i, start_ms=i * 3000, end_ms=i * 3000 + 2500, text=t, speaker=speaker
            )
            for i, t in enumerate(texts)
        ],
        broadcast=False,
    )
