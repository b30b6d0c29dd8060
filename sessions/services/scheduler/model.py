"""The programme as a CP-SAT model: each session gets a start (a slot of one forum day, clear of
the breaks) and one room among those large enough and laid out for it; rooms hold one session at
a time and avoid their blocked periods; nobody is in two sessions at once or when they declared
they cannot be; pinned sessions stay. Soft goals, weighted by the forum's scheduler settings, are
minimised together.

Times are whole minutes from the first programme day's start. With ``explain=True`` every hard
rule that concerns a person or a session is switched by its own literal, which the explanation
passes as assumptions (:mod:`sessions.services.scheduler.explain`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from sessions.selectors.schedule_facts import (
    Period,
    Placement,
    ScheduleFacts,
    friendly_period,
    layout_fits,
)


@dataclass(frozen=True)
class Weights:
    spread_subthemes: int = 5
    popular_in_large_rooms: int = 3
    balance_days: int = 2
    online_friendly_hours: int = 2
    keep_placements: int = 10


@dataclass
class Built:
    model: cp_model.CpModel
    epoch: dt.datetime
    starts: dict[int, cp_model.IntVar]
    rooms: dict[int, dict[int, cp_model.IntVar]]
    durations: dict[int, int]
    #: Each session's possible starts (minutes).
    values: dict[int, set[int]] = field(default_factory=dict)
    #: The objective's parts, each already weighted: name -> linear expression.
    terms: dict[str, object] = field(default_factory=dict)
    #: explain mode: literal index -> (group, key).
    groups: dict[int, tuple[str, object]] = field(default_factory=dict)
    literals: dict[tuple[str, object], cp_model.IntVar] = field(default_factory=dict)
    literal_of: dict[int, cp_model.IntVar] = field(default_factory=dict)


def minutes(epoch: dt.datetime, at: dt.datetime) -> int:
    return int((at - epoch).total_seconds() // 60)


def allowed_starts(facts: ScheduleFacts, duration: int, epoch: dt.datetime) -> dict[int, list[int]]:
    """Day index -> the starts (minutes) at which a session of ``duration`` fits the day's grid
    and overlaps no break."""
    out: dict[int, list[int]] = {}
    length = dt.timedelta(minutes=duration)
    for index, day in enumerate(facts.days):
        out[index] = [
            minutes(epoch, at)
            for at in day.starts()
            if at + length <= day.ends_at
            and not any(b.overlaps(at, at + length) for b in facts.breaks)
        ]
    return out


def avoiding(starts: list[int], duration: int, periods, epoch: dt.datetime) -> list[int]:
    spans = [(minutes(epoch, p.starts_at), minutes(epoch, p.ends_at)) for p in periods]
    return [t for t in starts if not any(a < t + duration and t < b for a, b in spans)]


def room_closed(facts: ScheduleFacts, room_id: int) -> list[Period]:
    """The periods of the grid when the room cannot be used: blocked, or outside availability."""
    room = facts.rooms[room_id]
    closed = list(room.blocked)
    if room.available:
        windows = sorted(room.available, key=lambda p: p.starts_at)
        for day in facts.days:
            at = day.starts_at
            for w in windows:
                if w.ends_at <= at or w.starts_at >= day.ends_at:
                    continue
                if w.starts_at > at:
                    closed.append(Period(at, w.starts_at, "closed"))
                at = max(at, w.ends_at)
            if at < day.ends_at:
                closed.append(Period(at, day.ends_at, "closed"))
    return closed


def fitting_rooms(facts: ScheduleFacts, sid: int) -> tuple[list[int], list[int], list[int]]:
    """(rooms that fit, rooms too small, rooms of the wrong layout) for a session."""
    s = facts.sessions[sid]
    fit, small, layout = [], [], []
    for rid, room in facts.rooms.items():
        if room.capacity < s.expected_audience:
            small.append(rid)
        elif not layout_fits(s.format, room.layout):
            layout.append(rid)
        else:
            fit.append(rid)
    return fit, small, layout


def build(
    facts: ScheduleFacts,
    session_ids: list[int],
    *,
    weights: Weights,
    current: dict[int, Placement] | None = None,
    explain: bool = False,
) -> Built:
    """The model of placing ``session_ids``; ``current`` holds placements to keep (pinned sessions
    stay where they are in it; others cost ``keep_placements`` to move)."""
    current = current or {}
    model = cp_model.CpModel()
    epoch = min(d.starts_at for d in facts.days)
    horizon = max(minutes(epoch, d.ends_at) for d in facts.days)
    built = Built(model=model, epoch=epoch, starts={}, rooms={}, durations={})

    def literal(group: str, key) -> cp_model.IntVar:
        if (group, key) not in built.literals:
            lit = model.NewBoolVar(f"{group}:{key}")
            built.literals[(group, key)] = lit
            built.groups[lit.Index()] = (group, key)
            built.literal_of[lit.Index()] = lit
        return built.literals[(group, key)]

    room_intervals: dict[int, list] = defaultdict(list)
    day_of: dict[int, dict[int, cp_model.IntVar]] = {}
    by_person: dict[str, list[int]] = defaultdict(list)
    intervals = {}
    #: ("room", id) or ("person", key) -> (start, end, session) of the pinned sessions there.
    pinned_spans: dict[tuple, list[tuple[int, int, int]]] = defaultdict(list)

    def held(key: tuple) -> list:
        """The pinned sessions' time at a room or person as fixed intervals, overlapping ones
        merged: pins that clash with each other are the secretariat's choice (the editor warns),
        not a reason for the scheduler to give up."""
        merged: list[list[int]] = []
        for a, b, sid in sorted(pinned_spans.get(key, ())):
            if merged and a < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b, sid])
        out = []
        for a, b, sid in merged:
            if explain:
                out.append(
                    model.NewOptionalFixedSizeIntervalVar(
                        a, b - a, literal("pin", sid), f"h{key}{a}"
                    )
                )
            else:
                out.append(model.NewFixedSizeIntervalVar(a, b - a, f"h{key}{a}"))
        return out

    for sid in session_ids:
        s = facts.sessions[sid]
        d = s.duration
        built.durations[sid] = d
        placed = current.get(sid)
        if s.pinned and placed and placed.placed and placed.room_id in facts.rooms:
            # A pinned session is no choice: it holds its room and its people where it is
            # (even outside the grid, as the secretariat decided).
            at = minutes(epoch, placed.starts_at)
            built.starts[sid] = model.NewConstant(at)
            built.values[sid] = {at}
            y = model.NewBoolVar(f"y{sid}_{placed.room_id}")
            model.Add(y == 1)
            built.rooms[sid] = {placed.room_id: y}
            intervals[sid] = model.NewFixedSizeIntervalVar(at, d, f"iv{sid}")
            pinned_spans[("room", placed.room_id)].append((at, at + d, sid))
            for person in s.people:
                pinned_spans[("person", person)].append((at, at + d, sid))
            day_of[sid] = {}
            continue
        by_day = allowed_starts(facts, d, epoch)
        people_periods = [u for p in s.people for u in facts.unavailable.get(p, ())]
        if not explain:
            by_day = {k: avoiding(v, d, people_periods, epoch) for k, v in by_day.items()}
        values = sorted({t for v in by_day.values() for t in v})
        start = model.NewIntVarFromDomain(cp_model.Domain.FromValues(values or [0]), f"start{sid}")
        if not values:
            model.AddBoolOr([])  # a session that fits no slot of the grid: infeasible
        built.starts[sid] = start
        built.values[sid] = set(values)
        intervals[sid] = model.NewFixedSizeIntervalVar(start, d, f"iv{sid}")
        days = {}
        for index, day_values in by_day.items():
            if not day_values:
                continue
            b = model.NewBoolVar(f"day{sid}_{index}")
            model.AddLinearExpressionInDomain(
                start, cp_model.Domain.FromValues(day_values)
            ).OnlyEnforceIf(b)
            days[index] = b
        if days:
            model.AddExactlyOne(days.values())
        day_of[sid] = days
        if explain:
            for person in sorted(s.people):
                periods = facts.unavailable.get(person, ())
                if periods:
                    ok = avoiding(values, d, periods, epoch)
                    model.AddLinearExpressionInDomain(
                        start, cp_model.Domain.FromValues(ok or [-1])
                    ).OnlyEnforceIf(literal("unavailable", person))
        fit, small, wrong_layout = fitting_rooms(facts, sid)
        candidates = sorted(facts.rooms) if explain else fit
        rooms = {}
        for rid in candidates:
            y = model.NewBoolVar(f"y{sid}_{rid}")
            rooms[rid] = y
            room_intervals[rid].append(
                model.NewOptionalFixedSizeIntervalVar(start, d, y, f"r{sid}_{rid}")
            )
            if explain and rid in small:
                model.AddImplication(literal("capacity", sid), y.Not())
            if explain and rid in wrong_layout:
                model.AddImplication(literal("layout", sid), y.Not())
        if rooms:
            model.AddExactlyOne(rooms.values())
        else:
            model.AddBoolOr([])
        built.rooms[sid] = rooms
        for person in s.people:
            by_person[person].append(sid)

    for rid in facts.rooms:
        closed = [
            model.NewFixedSizeIntervalVar(
                minutes(epoch, p.starts_at),
                minutes(epoch, p.ends_at) - minutes(epoch, p.starts_at),
                f"closed{rid}_{i}",
            )
            for i, p in enumerate(room_closed(facts, rid))
            if minutes(epoch, p.ends_at) > 0 and minutes(epoch, p.starts_at) < horizon
        ]
        if room_intervals[rid]:
            model.AddNoOverlap(room_intervals[rid] + closed + held(("room", rid)))

    for person, sids in sorted(by_person.items()):
        pins = held(("person", person))
        if len(sids) + len(pins) < 2:
            continue
        if explain:
            lit = literal("person", person)
            copies = [
                model.NewOptionalFixedSizeIntervalVar(
                    built.starts[sid], built.durations[sid], lit, f"p{person}_{sid}"
                )
                for sid in sids
            ]
            model.AddNoOverlap(copies + pins)
        else:
            model.AddNoOverlap([intervals[sid] for sid in sids] + pins)

    if not explain:
        _objective(built, facts, session_ids, weights, current, intervals, day_of, horizon)
    return built


def _objective(built, facts, session_ids, weights, current, intervals, day_of, horizon) -> None:
    model, epoch = built.model, built.epoch
    terms: dict[str, object] = {}
    if weights.spread_subthemes:
        by_subtheme: dict[int, list[int]] = defaultdict(list)
        for sid in session_ids:
            if facts.sessions[sid].subtheme_id:
                by_subtheme[facts.sessions[sid].subtheme_id].append(sid)
        parallel = []
        for theme_id, sids in sorted(by_subtheme.items()):
            if len(sids) < 2:
                continue
            cap = model.NewIntVar(1, len(sids), f"parallel{theme_id}")
            model.AddCumulative([intervals[s] for s in sids], [1] * len(sids), cap)
            parallel.append(cap)
        if parallel:
            terms["spread_subthemes"] = weights.spread_subthemes * 10 * sum(parallel)
    if weights.popular_in_large_rooms:
        top = max((facts.sessions[s].popularity for s in session_ids), default=0)
        ranked = sorted(facts.rooms.values(), key=lambda r: (-r.capacity, r.id))
        rank = {r.id: i for i, r in enumerate(ranked)}
        spread = max(1, len(ranked) - 1)
        if top:
            terms["popular_in_large_rooms"] = weights.popular_in_large_rooms * sum(
                round(10 * facts.sessions[s].popularity / top) * round(10 * rank[r] / spread) * y
                for s in session_ids
                for r, y in built.rooms[s].items()
                if facts.sessions[s].popularity
            )
    if weights.balance_days and len(facts.days) > 1:
        loads = []
        total = sum(built.durations[s] for s in session_ids) // 15 + 1
        for index in range(len(facts.days)):
            load = model.NewIntVar(0, total, f"load{index}")
            model.Add(
                load
                == sum(
                    (built.durations[s] // 15) * day_of[s][index]
                    for s in session_ids
                    if index in day_of[s]
                )
            )
            loads.append(load)
        high, low = model.NewIntVar(0, total, "high"), model.NewIntVar(0, total, "low")
        model.AddMaxEquality(high, loads)
        model.AddMinEquality(low, loads)
        terms["balance_days"] = weights.balance_days * (high - low)
    if weights.online_friendly_hours:
        misses = []
        for sid in session_ids:
            regions_ = facts.sessions[sid].online_regions
            if not regions_:
                continue
            d = built.durations[sid]
            windows = [friendly_period(day, regions_) for day in facts.days]
            ok = [
                t
                for t in built.values[sid]
                for w in windows
                if w and minutes(epoch, w.starts_at) <= t and t + d <= minutes(epoch, w.ends_at)
            ]
            if not ok:
                continue
            friendly = model.NewBoolVar(f"friendly{sid}")
            model.AddLinearExpressionInDomain(
                built.starts[sid], cp_model.Domain.FromValues(sorted(set(ok)))
            ).OnlyEnforceIf(friendly)
            misses.append(friendly.Not())
        if misses:
            terms["online_friendly_hours"] = weights.online_friendly_hours * 10 * sum(misses)
    if weights.keep_placements:
        moves, forced = [], 0
        for sid in session_ids:
            placed = current.get(sid)
            if not (placed and placed.placed):
                continue
            at = minutes(epoch, placed.starts_at)
            if placed.room_id not in built.rooms[sid] or at not in built.values[sid]:
                forced += 1  # it cannot stay where it is: a move, whatever the solver does
                continue
            kept = model.NewBoolVar(f"kept{sid}")
            model.Add(built.starts[sid] == at).OnlyEnforceIf(kept)
            model.Add(built.rooms[sid][placed.room_id] == 1).OnlyEnforceIf(kept)
            moves.append(kept.Not())
        if moves or forced:
            terms["keep_placements"] = weights.keep_placements * 10 * (sum(moves) + forced)
    built.terms = terms
    if terms:
        model.Minimize(sum(terms.values()))
