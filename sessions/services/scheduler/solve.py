"""Solving the programme: the obvious causes of infeasibility first, then CP-SAT within the time
limit, reporting each better schedule as it is found; an explanation when none exists."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from ortools.sat.python import cp_model

from sessions.selectors.schedule_facts import Placement, ScheduleFacts, placement_warnings
from sessions.services.scheduler import explain
from sessions.services.scheduler.greedy import greedy
from sessions.services.scheduler.model import Built, Weights, build


@dataclass
class SolveResult:
    #: done | infeasible | failed
    status: str
    placements: dict[int, Placement] = field(default_factory=dict)
    objective: float | None = None
    terms: dict[str, int] = field(default_factory=dict)
    solutions: int = 0
    seconds_to_first: float | None = None
    seconds_total: float = 0.0
    explanation: list[str] = field(default_factory=list)
    optimal: bool = False


class _Collector(cp_model.CpSolverSolutionCallback):
    """Keeps the latest (best) solution; the thread that started the solve reads it."""

    def __init__(self, built: Built, started: float):
        super().__init__()
        self.built, self.started = built, started
        self.lock = threading.Lock()
        self.best: dict[int, tuple[int, int]] | None = None
        self.objective: float | None = None
        self.terms: dict[str, int] = {}
        self.count = 0
        self.first: float | None = None

    def on_solution_callback(self) -> None:
        best = {}
        for sid, start in self.built.starts.items():
            room = next(
                (rid for rid, y in self.built.rooms[sid].items() if self.BooleanValue(y)), None
            )
            best[sid] = (self.Value(start), room)
        terms = {name: int(self.Value(expr)) for name, expr in self.built.terms.items()}
        with self.lock:
            self.best, self.terms = best, terms
            self.objective = self.ObjectiveValue() if self.built.terms else 0.0
            self.count += 1
            if self.first is None:
                self.first = time.monotonic() - self.started


def _placements(built: Built, best: dict[int, tuple[int, int]]) -> dict[int, Placement]:
    out = {}
    for sid, (start, room) in best.items():
        at = built.epoch + dt.timedelta(minutes=start)
        out[sid] = Placement(room, at, at + dt.timedelta(minutes=built.durations[sid]))
    return out


def solve(
    facts: ScheduleFacts,
    session_ids: list[int],
    *,
    weights: Weights,
    current: dict[int, Placement] | None = None,
    time_limit: float = 60,
    workers: int = 2,
    on_progress: Callable[[SolveResult, float], None] | None = None,
    seed: int = 0,
    deterministic: bool = False,
) -> SolveResult:
    """The best schedule of ``session_ids`` found within ``time_limit`` seconds.

    ``on_progress(result_so_far, fraction_of_time_used)`` is called from this thread about twice
    a second while the solver runs, so that it may write to the database. ``deterministic``
    (the demo) solves on one worker for ``time_limit`` units of the solver's deterministic time,
    so that the same data gives the same schedule on any machine."""
    started = time.monotonic()
    if not facts.days:
        return SolveResult("infeasible", explanation=[_("The forum has no programme days.")])
    causes = explain.obvious_causes(facts, session_ids, current or {})
    if causes:
        return SolveResult(
            "infeasible", explanation=causes, seconds_total=time.monotonic() - started
        )
    built = build(facts, session_ids, weights=weights, current=current)
    hint = greedy(built, facts, session_ids, current or {})
    hinted: set[int] = set()  # pinned sessions' starts are shared constants: hint each once
    for sid, (start, room) in hint.items():
        for var, value in [(built.starts[sid], start)] + [
            (y, rid == room) for rid, y in built.rooms[sid].items()
        ]:
            if var.Index() not in hinted:
                hinted.add(var.Index())
                built.model.AddHint(var, value)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    if deterministic:
        solver.parameters.num_workers = 1
        solver.parameters.max_deterministic_time = float(time_limit)
        solver.parameters.max_time_in_seconds = float(time_limit) * 30
    collector = _Collector(built, started)
    if _complete_and_clean(facts, built, hint, session_ids):
        # The hand-rule schedule already keeps every hard rule: it is the first schedule, and
        # the solver improves on it (or, short of time, it is the answer).
        collector.best, collector.count = dict(hint), 1
        collector.first = time.monotonic() - started
    outcome: dict[str, int] = {}
    thread = threading.Thread(
        target=lambda: outcome.setdefault("status", solver.Solve(built.model, collector)),
        daemon=True,
    )
    thread.start()
    reported = -1
    while thread.is_alive():
        thread.join(0.5)
        if on_progress is not None:
            with collector.lock:
                snapshot = _snapshot(built, collector)
                changed = collector.count != reported
                reported = collector.count
            fraction = min(1.0, (time.monotonic() - started) / max(time_limit, 0.001))
            if changed or thread.is_alive():
                on_progress(snapshot, fraction)
    status = outcome.get("status", cp_model.UNKNOWN)
    result = _snapshot(built, collector)
    result.seconds_total = time.monotonic() - started
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and collector.best is not None:
        result.status = "done"
        result.optimal = status == cp_model.OPTIMAL
    elif status == cp_model.UNKNOWN and collector.best is not None:
        result.status = "done"  # the first schedule, not improved on within the time limit
    elif status == cp_model.INFEASIBLE:
        result.status = "infeasible"
        result.explanation = explain.explain(
            facts, session_ids, current or {}, time_limit=max(5.0, time_limit / 2)
        )
    else:
        result.status = "failed"
        result.explanation = [
            _("No schedule was found within %(seconds)s seconds; allow the scheduler more time.")
            % {"seconds": int(time_limit)}
        ]
    return result


def _complete_and_clean(facts, built: Built, hint: dict, session_ids: list[int]) -> bool:
    """Whether the hand-rule schedule places every session with no warning on a session the
    scheduler placed (pinned ones are where the secretariat put them)."""
    if len(hint) != len(session_ids):
        return False
    chosen = _placements(built, hint)
    return not any(
        not facts.sessions[w.session_id].pinned for w in placement_warnings(facts, chosen)
    )


def _snapshot(built: Built, collector: _Collector) -> SolveResult:
    if collector.best is None:
        return SolveResult("running")
    return SolveResult(
        "running",
        placements=_placements(built, collector.best),
        objective=collector.objective,
        terms=dict(collector.terms),
        solutions=collector.count,
        seconds_to_first=collector.first,
    )
