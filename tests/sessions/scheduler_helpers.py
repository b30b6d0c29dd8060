"""Small programmes as plain facts, for the scheduler's tests: one forum day in Geneva."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sessions.selectors.schedule_facts import (
    DayGrid,
    Period,
    Placement,
    RoomFacts,
    ScheduleFacts,
    SessionFacts,
    hard_conflicts,
)
from sessions.services.scheduler.model import Weights
from sessions.services.scheduler.solve import solve

TZ = zoneinfo.ZoneInfo("Europe/Zurich")
DAY = dt.date(2030, 12, 3)
#: Only the hard rules: soft goals off, so that a test sees what the rules alone decide.
HARD_ONLY = Weights(0, 0, 0, 0, 0)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def day(start: int = 9, end: int = 12, date: dt.date = DAY, slot: int = 15) -> DayGrid:
    return DayGrid(date, at(start, day=date), at(end, day=date), slot)


def room(rid: int, capacity: int = 100, layout: str = "roundtable", **kw) -> RoomFacts:
    return RoomFacts(rid, f"Room {rid}", capacity, layout, **kw)


def session(sid: int, *people: str, duration: int = 60, **kw) -> SessionFacts:
    return SessionFacts(sid, f"Session {sid}", duration, people=frozenset(people), **kw)


def facts(days, rooms, sessions, **kw) -> ScheduleFacts:
    return ScheduleFacts(
        days=list(days),
        rooms={r.id: r for r in rooms},
        sessions={s.id: s for s in sessions},
        person_names={p: p.split(":", 1)[1].title() for s in sessions for p in s.people},
        **kw,
    )


def run(f: ScheduleFacts, *, weights: Weights = HARD_ONLY, current=None, time_limit: float = 10):
    result = solve(
        f, sorted(f.sessions), weights=weights, current=current, time_limit=time_limit, workers=1
    )
    if result.status == "done":
        # Checked by the editor's rule, independently of the solver's model.
        assert hard_conflicts(f, result.placements) == []
    return result


def placed(sid: int, rid: int, start: dt.datetime, minutes: int = 60) -> Placement:
    return Placement(rid, start, start + dt.timedelta(minutes=minutes))


__all__ = ["Period", "at", "day", "facts", "placed", "room", "run", "session"]
