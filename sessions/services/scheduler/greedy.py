"""A first schedule built by hand-rule, given to CP-SAT as a hint so that it starts from a
feasible point instead of searching for one: pinned and kept sessions first, then the hardest to
place (fewest suitable rooms, longest), each at the first free slot of the least loaded day, in
the smallest suitable room."""

from __future__ import annotations

from collections import defaultdict

from sessions.selectors.schedule_facts import Placement, ScheduleFacts
from sessions.services.scheduler.model import Built, minutes, room_closed


def greedy(
    built: Built, facts: ScheduleFacts, session_ids: list[int], current: dict[int, Placement]
) -> dict[int, tuple[int, int]]:
    """session id -> (start minute, room id) for the sessions it could place."""
    epoch = built.epoch
    busy_room: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for rid in facts.rooms:
        busy_room[rid] = [
            (minutes(epoch, p.starts_at), minutes(epoch, p.ends_at))
            for p in room_closed(facts, rid)
        ]
    busy_person: dict[str, list[tuple[int, int]]] = defaultdict(list)
    day_spans = [(minutes(epoch, d.starts_at), minutes(epoch, d.ends_at)) for d in facts.days]
    load = [0] * len(day_spans)
    out: dict[int, tuple[int, int]] = {}

    def free(spans, a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in spans)

    def day_index(t: int) -> int:
        return next((i for i, (a, b) in enumerate(day_spans) if a <= t < b), 0)

    def take(sid: int, t: int, rid: int) -> None:
        d = built.durations[sid]
        out[sid] = (t, rid)
        busy_room[rid].append((t, t + d))
        for p in facts.sessions[sid].people:
            busy_person[p].append((t, t + d))
        load[day_index(t)] += d

    def fits(sid: int, t: int, rid: int) -> bool:
        d = built.durations[sid]
        return free(busy_room[rid], t, t + d) and all(
            free(busy_person[p], t, t + d) for p in facts.sessions[sid].people
        )

    first, rest = [], []
    for sid in session_ids:
        placed = current.get(sid)
        if placed and placed.placed and placed.room_id in built.rooms[sid]:
            t = minutes(epoch, placed.starts_at)
            if t in built.values[sid]:
                first.append((not facts.sessions[sid].pinned, sid, t, placed.room_id))
                continue
        rest.append(sid)
    for unpinned, sid, t, rid in sorted(first):
        if not unpinned or fits(sid, t, rid):
            take(sid, t, rid)
        else:
            rest.append(sid)
    rest.sort(key=lambda s: (len(built.rooms[s]), -built.durations[s], s))
    for sid in rest:
        rooms = sorted(built.rooms[sid], key=lambda r: (facts.rooms[r].capacity, r))
        starts = sorted(built.values[sid], key=lambda t: (load[day_index(t)], t))
        done = False
        for t in starts:
            for rid in rooms:
                if fits(sid, t, rid):
                    take(sid, t, rid)
                    done = True
                    break
            if done:
                break
    return out
