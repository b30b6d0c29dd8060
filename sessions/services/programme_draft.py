"""Writes of the secretariat's draft programme: placing, unplacing, cancelling and pinning sessions,
applying a scheduler run, and the grid the programme is placed on (days, breaks, availability)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from forum.models import Forum, Room, User
from sessions.models import (
    BlockedPeriod,
    DraftPlacement,
    ProgrammeDay,
    RoomAvailability,
    ScheduleRun,
    Session,
)
from sessions.rules.schedule import can_manage_programme


def _check(by: User | None, forum: Forum) -> None:
    if by is not None and not can_manage_programme.test(by, forum):
        raise PermissionDenied(_("Only the forum's secretariat may change the programme."))


def _draft(session: Session) -> DraftPlacement:
    draft, _created = DraftPlacement.objects.select_for_update().get_or_create(
        session=session,
        defaults={
            "room_id": session.room_id,
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "cancelled": session.is_cancelled,
        },
    )
    return draft


@transaction.atomic
def draft_place(
    *, session: Session, room: Room, starts_at: dt.datetime, by: User | None
) -> DraftPlacement:
    """Put ``session`` in ``room`` from ``starts_at`` for its duration, in the draft. Warnings do
    not stop a placement: the secretariat sees them and decides."""
    _check(by, session.forum)
    if room.forum_id != session.forum_id:
        raise ValidationError({"room": _("The room belongs to another forum.")})
    if starts_at is None or starts_at.tzinfo is None:
        raise ValidationError({"starts_at": _("Give the start with its time zone.")})
    draft = _draft(session)
    draft.room = room
    draft.starts_at = starts_at
    draft.ends_at = starts_at + dt.timedelta(minutes=session.duration)
    draft.cancelled = False
    draft.updated_by = by
    draft.save()
    return draft


@transaction.atomic
def draft_unplace(*, session: Session, by: User | None) -> DraftPlacement:
    _check(by, session.forum)
    draft = _draft(session)
    draft.room, draft.starts_at, draft.ends_at, draft.updated_by = None, None, None, by
    draft.save()
    return draft


@transaction.atomic
def draft_cancel(*, session: Session, cancelled: bool, by: User | None) -> DraftPlacement:
    """Cancel a session in the draft (it keeps its room and time, and is published as cancelled),
    or take the cancellation back."""
    _check(by, session.forum)
    draft = _draft(session)
    draft.cancelled, draft.updated_by = cancelled, by
    draft.save()
    return draft


@transaction.atomic
def session_pin(*, session: Session, pinned: bool, by: User | None) -> Session:
    """Pin a session to its draft room and time: the scheduler leaves it there."""
    _check(by, session.forum)
    if pinned:
        draft = DraftPlacement.objects.filter(session=session).first()
        placed = draft.is_placed if draft else session.is_scheduled
        if not placed:
            raise ValidationError(_("Place the session in a room and time before pinning it."))
    session.is_pinned = pinned
    session.save(update_fields=["is_pinned"])
    return session


@transaction.atomic
def draft_apply_run(*, run: ScheduleRun, by: User | None) -> int:
    """Copy the run's best schedule into the draft; returns how many sessions it placed."""
    _check(by, run.forum)
    if not run.placements:
        raise ValidationError(_("This run has no schedule to apply."))
    sessions = {
        s.pk: s
        for s in Session.objects.filter(forum=run.forum, pk__in=[int(k) for k in run.placements])
    }
    rooms = {r.pk: r for r in Room.objects.filter(forum=run.forum)}
    count = 0
    for key, value in sorted(run.placements.items(), key=lambda kv: int(kv[0])):
        session, room = sessions.get(int(key)), rooms.get(value.get("room"))
        if session is None or room is None:
            continue
        draft_place(
            session=session,
            room=room,
            starts_at=dt.datetime.fromisoformat(value["starts_at"]),
            by=by,
        )
        count += 1
    run.applied_at = dt.datetime.now(dt.UTC)
    run.save(update_fields=["applied_at"])
    return count


# --- The grid -----------------------------------------------------------------------------------


@transaction.atomic
def programme_day_set(
    *, forum: Forum, date: dt.date, starts_at: dt.time, ends_at: dt.time, slot_minutes: int, by
) -> ProgrammeDay:
    _check(by, forum)
    if not forum.start_date <= date <= forum.end_date:
        raise ValidationError({"date": _("The day must be one of the forum's days.")})
    day, _created = ProgrammeDay.objects.update_or_create(
        forum=forum,
        date=date,
        defaults={"starts_at": starts_at, "ends_at": ends_at, "slot_minutes": slot_minutes},
    )
    day.full_clean()
    return day


@transaction.atomic
def blocked_period_add(
    *, forum: Forum, room: Room | None, label: str, starts_at, ends_at, by
) -> BlockedPeriod:
    _check(by, forum)
    if room is not None and room.forum_id != forum.pk:
        raise ValidationError({"room": _("The room belongs to another forum.")})
    period = BlockedPeriod(
        forum=forum, room=room, label=label, starts_at=starts_at, ends_at=ends_at
    )
    period.full_clean()
    period.save()
    return period


@transaction.atomic
def room_availability_add(*, room: Room, starts_at, ends_at, by) -> RoomAvailability:
    _check(by, room.forum)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The period must end after it starts.")})
    return RoomAvailability.objects.create(room=room, starts_at=starts_at, ends_at=ends_at)


GRID_MODELS = {
    "day": (ProgrammeDay, "forum"),
    "period": (BlockedPeriod, "forum"),
    "availability": (RoomAvailability, "room__forum"),
}


@transaction.atomic
def grid_item_delete(*, forum: Forum, kind: str, pk: int, by) -> None:
    _check(by, forum)
    model, path = GRID_MODELS[kind]
    model.objects.filter(pk=pk, **{path: forum}).delete()


@transaction.atomic
def scheduler_settings_save(*, form, by) -> None:
    """Save the scheduler's weights and time limit from a valid settings form."""
    _check(by, form.instance.forum)
    form.save()
