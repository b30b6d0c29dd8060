"""Who captions a session, who corrects and publishes its transcript, and who reads it."""

from __future__ import annotations

import rules

from forum.rules import can_view_forum, is_active_user, is_captioner, is_secretariat
from transcripts.models import CaptionerAssignment


@rules.predicate
def is_assigned_captioner(user, session) -> bool:
    """A captioner of the session's forum assigned to the session or to its room."""
    if not (is_active_user.test(user) and is_captioner.test(user, session.forum)):
        return False
    assigned = CaptionerAssignment.objects.filter(user=user, forum_id=session.forum_id)
    by_room = assigned.filter(room_id=session.room_id) if session.room_id else assigned.none()
    return by_room.exists() or assigned.filter(session=session).exists()


@rules.predicate
def is_published_transcript(user, transcript) -> bool:
    session = transcript.session
    return (
        transcript.is_published and session.is_public and can_view_forum.test(user, session.forum)
    )


def _forum_secretariat(user, obj) -> bool:
    session = getattr(obj, "session", obj)
    return is_secretariat.test(user, session.forum)


is_session_secretariat = rules.predicate(_forum_secretariat, name="is_session_secretariat")

#: Send caption segments to ``session`` (the API and the captioners' socket).
can_caption_session = is_assigned_captioner
#: Correct, import, publish and withdraw the transcript of ``session``.
can_edit_transcript = is_session_secretariat
#: Read ``transcript`` (published, or a draft for its editors).
can_read_transcript = is_published_transcript | is_session_secretariat
