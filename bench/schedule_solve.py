"""The automatic scheduler at IGF scale: ~300 sessions into 14 rooms over 4 days.

Runs the scheduler the programme desk runs (sessions.services.scheduler.solve, with the forum's
default weights and two workers) on the `igf` demo forum when the database holds it (built by
`manage.py seed_demo --size igf`; SCHEDULE_BENCH_FORUM names another forum), else on a programme
of the same shape built in memory from the demo's rooms and session types (IGF_TYPES' durations
and formats, speakers shared between sessions, some people away for a morning). Every session is
placed from scratch (pinned ones stay).

Prints the hard conflicts of the schedule found, counted by the editor's warnings
(sessions.selectors.schedule_facts.placement_warnings), independently of the solver's model; the
soft objective and its parts; the time to the first feasible schedule and to the final one.
Exits 1 on any hard conflict or when no schedule is found. SCHEDULE_BENCH_SECONDS sets the time
limit (default 60), SCHEDULE_BENCH_SESSIONS the in-memory size (default 300).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
import zoneinfo
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")

import django  # noqa: E402

django.setup()

from forum.demo import IGF_SLUG, ROOM_NAMES  # noqa: E402
from forum.models import Forum  # noqa: E402
from sessions.demo.proposal_types import IGF_TYPES  # noqa: E402
from sessions.selectors.schedule import draft_placements, schedule_facts  # noqa: E402
from sessions.selectors.schedule_facts import (  # noqa: E402
    DayGrid,
    Period,
    RoomFacts,
    ScheduleFacts,
    SessionFacts,
    layout_fits,
    placement_warnings,
)
from sessions.services.scheduler.model import Weights  # noqa: E402
from sessions.services.scheduler.solve import solve  # noqa: E402


def from_database(slug: str):
    forum = Forum.objects.filter(slug=slug).first()
    if forum is None or forum.sessions.count() < 50:
        return None
    facts = schedule_facts(forum)
    current = {sid: p for sid, p in draft_placements(forum).items() if facts.sessions[sid].pinned}
    return f"the {forum.name} forum in the database", facts, current


def in_memory(n_sessions: int, seed: int = 2026):
    rng = random.Random(seed)
    tz = zoneinfo.ZoneInfo("Europe/Zurich")
    first = dt.date(2026, 12, 8)
    days, breaks = [], []
    for i in range(4):
        date = first + dt.timedelta(days=i)
        days.append(
            DayGrid(
                date,
                dt.datetime.combine(date, dt.time(9), tzinfo=tz),
                dt.datetime.combine(date, dt.time(18), tzinfo=tz),
                15,
            )
        )
        breaks.append(
            Period(
                dt.datetime.combine(date, dt.time(13), tzinfo=tz),
                dt.datetime.combine(date, dt.time(14), tzinfo=tz),
                "Lunch break",
            )
        )
    rooms = {
        i + 1: RoomFacts(i + 1, name, capacity, str(layout))
        for i, (name, capacity, layout) in enumerate(ROOM_NAMES)
    }
    people = [f"e:person{i}@demo.example" for i in range(int(n_sessions * 3.5))]
    sessions = {}
    for sid in range(1, n_sessions + 1):
        spec = rng.choices(IGF_TYPES, weights=[t.share for t in IGF_TYPES])[0]
        fmt = str(rng.choice(spec.formats)) if spec.formats else ""
        largest = max(r.capacity for r in rooms.values() if layout_fits(fmt, r.layout))
        sessions[sid] = SessionFacts(
            id=sid,
            title=f"Session {sid}",
            duration=rng.choice(spec.durations),
            format=fmt,
            expected_audience=min(largest, rng.choice([20, 30, 40, 50, 80])),
            subtheme_id=rng.randint(1, 8),
            people=frozenset(rng.sample(people, rng.randint(2, 5))),
            popularity=int(rng.paretovariate(1.5) * 3),
            online_regions=(rng.choice(["asia-pacific", "grulac", "african"]),)
            if rng.random() < 0.15
            else (),
        )
    unavailable = {
        p: [Period(days[d].starts_at, days[d].starts_at + dt.timedelta(hours=4), "away")]
        for p in rng.sample(people, len(people) // 20)
        for d in [rng.randrange(4)]
    }
    facts = ScheduleFacts(days, rooms, sessions, breaks, unavailable, {})
    return f"an in-memory programme shaped like the igf demo ({n_sessions} sessions)", facts, {}


def main() -> int:
    limit = float(os.environ.get("SCHEDULE_BENCH_SECONDS", "60"))
    source = from_database(os.environ.get("SCHEDULE_BENCH_FORUM", IGF_SLUG)) or in_memory(
        int(os.environ.get("SCHEDULE_BENCH_SESSIONS", "300"))
    )
    label, facts, current = source
    ids = sorted(facts.sessions)
    people = Counter(p for s in facts.sessions.values() for p in s.people)
    print(
        f"Scheduling {label}: {len(ids)} sessions, {len(facts.rooms)} rooms, {len(facts.days)} days"
    )
    print(
        f"  {sum(1 for n in people.values() if n > 1)} people in more than one session, "
        f"{sum(len(v) for v in facts.unavailable.values())} declared unavailabilities, "
        f"{len(current)} pinned, time limit {limit:.0f} s"
    )
    started = time.monotonic()
    result = solve(facts, ids, weights=Weights(), current=current, time_limit=limit, workers=2)
    wall = time.monotonic() - started
    print(f"  status: {result.status} ({'optimal' if result.optimal else 'best found'})")
    if result.status != "done":
        for line in result.explanation:
            print(f"    {line}")
        return 1
    placed = len(result.placements)
    conflicts = placement_warnings(facts, result.placements)
    by_kind = Counter(w.kind for w in conflicts)
    print(f"  placed: {placed} of {len(ids)}")
    print(f"  hard conflicts (editor's check): {len(conflicts)} {dict(by_kind) if by_kind else ''}")
    if result.objective is None:
        print("  soft objective: not computed (the first schedule was not improved on in time)")
    else:
        print(f"  soft objective: {result.objective:.0f} = {result.terms}")
    print(f"  schedules found: {result.solutions}")
    print(f"  time to first feasible: {result.seconds_to_first:.1f} s")
    print(f"  time to final: {result.seconds_total:.1f} s (wall {wall:.1f} s)")
    return 1 if conflicts or placed != len(ids) else 0


if __name__ == "__main__":
    sys.exit(main())
