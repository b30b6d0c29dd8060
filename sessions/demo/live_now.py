"""Demo step: the IGF's forum days are live now, so some of its sessions are placed in the draft
programme and pinned (the scheduler then keeps them, and publishing gives them their times)
around the demo's moment: two running now, one starting soon.

They sit inside the programme's hours (``forum.demo.DEMO_PROGRAMME_BLOCKS``), on 15-minute slots,
out of the largest room (the opening ceremony's), in rooms of their own and with no person in two
of them at once, so that the programme's scheduler finds them consistent.
"""

from __future__ import annotations

import datetime as dt

from forum.demo import DEMO_PROGRAMME_BLOCKS
from forum.models import User
from sessions.demo import seed_records as records
from sessions.models import Session
from sessions.selectors.schedule import schedule_facts
from sessions.services import programme_draft

#: Minutes from the demo's moment (rounded down to a slot) at which the sessions start: two are
#: running now, the third starts soon.
AROUND_NOW = (-30, -15, 30)


def _slot_floor(moment: dt.datetime) -> dt.datetime:
    moment = moment.replace(second=0, microsecond=0)
    return moment - dt.timedelta(minutes=moment.minute % 15)


def _block_end(forum, now: dt.datetime) -> dt.datetime | None:
    """The end of the programme block (morning or afternoon) the demo's moment falls in."""
    local = now.astimezone(forum.tzinfo)
    for first, last in DEMO_PROGRAMME_BLOCKS:
        if first <= local.time() < last:
            return dt.datetime.combine(local.date(), last, tzinfo=forum.tzinfo)
    return None


def seed(ctx) -> None:
    forum = ctx.igf
    secretariat = User.objects.get(email="secretariat@demo.example")
    largest = forum.rooms.order_by("-capacity", "pk").first()
    rooms = list(forum.rooms.exclude(pk=getattr(largest, "pk", None)).order_by("position", "pk"))
    sessions = list(Session.objects.filter(forum=forum).order_by("pk"))
    block_end = _block_end(forum, ctx.now)
    if not rooms or not sessions or block_end is None:
        ctx.log(f"Live now ({forum.name}): no sessions to place.")
        return
    people = {sid: facts.people for sid, facts in schedule_facts(forum, sessions).sessions.items()}
    base = _slot_floor(ctx.now)
    # Long sessions first, so that the rooms stay live for a while; the real GovStack session is
    # kept for the first morning (the programme step), where it has ended with its real report.
    candidates = sorted(
        (s for s in sessions if s.title != records.GOVSTACK_TITLE),
        key=lambda s: (-s.duration, s.pk),
    )
    slots = [
        (room, base + dt.timedelta(minutes=offset), offset < 0)
        for room, offset in zip(rooms, AROUND_NOW, strict=False)
    ]

    def fits(session: Session, starts_at: dt.datetime, running: bool) -> bool:
        ends_at = starts_at + dt.timedelta(minutes=session.duration)
        return ends_at <= block_end and (ends_at > ctx.now or not running)

    def choose(index: int, busy: frozenset[str], chosen: tuple) -> tuple:
        """The first sessions, in candidate order, that fill slots ``index`` onwards with no
        person in two of them (they all overlap in time); the longest partial filling else."""
        if index == len(slots):
            return chosen
        _room, starts_at, running = slots[index]
        best = chosen
        for session in candidates:
            mine = people.get(session.pk, frozenset())
            if session in chosen or mine & busy or not fits(session, starts_at, running):
                continue
            found = choose(index + 1, busy | mine, (*chosen, session))
            if len(found) == len(slots):
                return found
            best = max(best, found, key=len)
        return best

    placed = list(choose(0, frozenset(), ()))
    for (room, starts_at, _running), session in zip(slots, placed, strict=False):
        programme_draft.draft_place(session=session, room=room, starts_at=starts_at, by=secretariat)
        programme_draft.session_pin(session=session, pinned=True, by=secretariat)
    ctx.log(
        f"Live now ({forum.name}): {len(placed)} sessions pinned around "
        f"{ctx.now.astimezone(forum.tzinfo):%H:%M %Z}."
    )
