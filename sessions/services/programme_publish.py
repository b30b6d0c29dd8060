"""Publishing the draft: a numbered :class:`~sessions.models.ProgrammeVersion` with a changelog.

The published programme is what participants, exports and live rooms read: each session's
``room``, ``starts_at``, ``ends_at``, ``is_cancelled`` and ``sequence`` (raised whenever the
session's time or room changes, or it is cancelled, for calendars to update). The latest version
number is the programme's current version.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Forum, User
from sessions.models import ProgrammeVersion, Session
from sessions.rules.schedule import can_manage_programme
from sessions.selectors.public_programme import current_version
from sessions.selectors.schedule import draft_placements
from sessions.services.programme_notify import notify_changes

#: Sent inside the transaction of :func:`programme_publish`, with ``forum``, ``version`` and
#: ``session_ids``: the sessions whose room, time or cancellation the new version changed. Their
#: rows are written with ``bulk_update``, so ``post_save`` is not sent for them; apps that follow
#: a session's time (the reports' due dates) listen here.
programme_published = Signal()


def _row(session: Session) -> dict:
    return {
        "id": session.pk,
        "guid": str(session.guid),
        "title": session.title,
        "room": session.room_id,
        "starts_at": session.starts_at.isoformat() if session.starts_at else None,
        "ends_at": session.ends_at.isoformat() if session.ends_at else None,
        "cancelled": session.is_cancelled,
    }


@transaction.atomic
def programme_publish(*, forum: Forum, by: User | None, note: str = "") -> ProgrammeVersion:
    """Publish the draft as the next version; organizers, speakers, moderators and people who
    bookmarked a moved or cancelled session are told by mail after commit."""
    if by is not None and not can_manage_programme.test(by, forum):
        raise PermissionDenied(_("Only the forum's secretariat may publish the programme."))
    Forum.objects.select_for_update().filter(pk=forum.pk).first()  # one publisher at a time
    previous = current_version(forum=forum)
    draft = draft_placements(forum)
    if not any(p.placed for p in draft.values()):
        raise ValidationError(_("The draft places no session yet: there is nothing to publish."))
    was_published = {row["id"]: row for row in previous.snapshot} if previous is not None else {}
    sessions = list(Session.objects.filter(forum=forum).order_by("pk"))
    added, moved, cancelled, changed = [], [], [], []
    for session in sessions:
        p = draft[session.pk]
        room, starts, ends = (
            (p.room_id, p.starts_at, p.ends_at) if p.room_id and p.starts_at else (None, None, None)
        )
        before = was_published.get(session.pk)
        in_before = before is not None and before["starts_at"] and not before["cancelled"]
        is_cancelled = bool(p.cancelled and (room or session.is_scheduled or before))
        place_changed = (session.room_id, session.starts_at, session.ends_at) != (
            room,
            starts,
            ends,
        )
        if is_cancelled:
            if not session.is_cancelled and in_before:
                cancelled.append(session.pk)
            # A cancelled session stays where it was published, marked cancelled.
            if session.starts_at:
                room, starts, ends = session.room_id, session.starts_at, session.ends_at
                place_changed = False
        elif room is not None:
            if not in_before:
                added.append(session.pk)
            elif place_changed:
                moved.append(session.pk)
        if place_changed or is_cancelled != session.is_cancelled:
            if session.sequence or session.starts_at or in_before:
                session.sequence += 1
            session.room_id, session.starts_at, session.ends_at = room, starts, ends
            session.is_cancelled = is_cancelled
            changed.append(session)
    Session.objects.bulk_update(
        changed, ["room", "starts_at", "ends_at", "is_cancelled", "sequence"]
    )
    version = ProgrammeVersion.objects.create(
        forum=forum,
        number=(previous.number + 1) if previous else 1,
        published_at=timezone.now(),
        published_by=by,
        note=note,
        snapshot=[_row(s) for s in sessions if s.starts_at or s.is_cancelled],
        changelog={"added": added, "moved": moved, "cancelled": cancelled},
    )
    programme_published.send(
        sender=ProgrammeVersion,
        forum=forum,
        version=version,
        session_ids=[session.pk for session in changed],
    )
    if moved or cancelled:
        notify_changes(version=version, moved=moved, cancelled=cancelled)
    return version
