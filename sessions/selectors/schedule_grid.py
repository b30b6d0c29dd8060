"""The editor's view of one day of the draft: rooms across, time slots down, each placed session a
block spanning its slots, with its warnings."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from sessions.selectors.schedule_facts import DayGrid, Placement, ScheduleFacts, Warning


@dataclass
class Block:
    session_id: int
    title: str
    duration: int
    room_id: int | None
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    pinned: bool
    cancelled: bool
    warnings: list[Warning]
    #: CSS grid placement (1-based; row 1 and column 1 hold the headings).
    row: int = 0
    span: int = 0
    column: int = 0


@dataclass
class DayView:
    day: DayGrid
    slots: list[dt.datetime]
    rooms: list
    blocks: list[Block]
    #: (row, column, room id, slot start) of every cell a session can be dropped on.
    cells: list[tuple[int, int, int, dt.datetime]] = field(default_factory=list)


def block_of(facts: ScheduleFacts, sid: int, p: Placement, warnings: list[Warning]) -> Block:
    s = facts.sessions[sid]
    return Block(
        session_id=sid,
        title=s.title,
        duration=s.duration,
        room_id=p.room_id,
        starts_at=p.starts_at,
        ends_at=p.ends_at,
        pinned=s.pinned,
        cancelled=p.cancelled,
        warnings=warnings,
    )


def day_view(
    facts: ScheduleFacts,
    placements: dict[int, Placement],
    warnings: list[Warning],
    day: DayGrid,
) -> DayView:
    by_session: dict[int, list[Warning]] = defaultdict(list)
    for w in warnings:
        by_session[w.session_id].append(w)
    rooms = list(facts.rooms.values())
    column = {r.id: i + 2 for i, r in enumerate(rooms)}
    slots = day.starts()
    step = day.slot_minutes
    tz = day.starts_at.tzinfo
    blocks = []
    for sid, p in placements.items():
        if not (p.room_id and p.starts_at) or p.room_id not in column:
            continue
        if p.starts_at.astimezone(tz).date() != day.date:
            continue
        offset = (p.starts_at - day.starts_at).total_seconds() / 60
        row = max(0, min(len(slots) - 1, int(offset // step)))
        block = block_of(facts, sid, p, by_session[sid])
        block.row = row + 2
        block.span = max(1, min(len(slots) - row, math.ceil(facts.sessions[sid].duration / step)))
        block.column = column[p.room_id]
        blocks.append(block)
    blocks.sort(key=lambda b: (b.row, b.column, b.session_id))
    cells = [(i + 2, column[r.id], r.id, at) for i, at in enumerate(slots) for r in rooms]
    return DayView(day=day, slots=slots, rooms=rooms, blocks=blocks, cells=cells)


def unplaced(facts: ScheduleFacts, placements: dict[int, Placement]) -> list[Block]:
    """Sessions the draft does not place (cancelled ones aside), by title."""
    out = [
        block_of(facts, sid, p, [])
        for sid, p in placements.items()
        if sid in facts.sessions and not p.cancelled and not (p.room_id and p.starts_at)
    ]
    return sorted(out, key=lambda b: (b.title, b.session_id))
