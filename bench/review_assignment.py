"""Reviewer assignment at IGF scale: 1,000 proposals, 60 MAG members, 3 reviews each, with conflicts.

Runs the same solver the assignment service calls (sessions.services.assignment.solve) on
in-memory data, and prints the time, the load spread and the conflicts violated (must be 0), at
100 and 1,000 proposals to show how it grows. Exits non-zero if a constraint is broken.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")

import django  # noqa: E402

django.setup()

from sessions.services.assignment import (  # noqa: E402
    AssignmentProblem,
    ProposalSlot,
    Reviewer,
    solve,
)

GROUPS = ["government", "igo", "civil-society", "technical", "private-sector"]
THEMES = [1, 2, 3, 4]


def build(n_proposals: int, n_reviewers: int, seed: int, keep_within_theme: bool):
    rng = random.Random(seed)
    reviewers = [
        Reviewer(
            id=r,
            group=GROUPS[r % len(GROUPS)],
            theme_ids=frozenset({THEMES[r % len(THEMES)], THEMES[(r + 1) % len(THEMES)]}),
        )
        for r in range(1, n_reviewers + 1)
    ]
    proposals = [ProposalSlot(id=p, theme_id=rng.choice(THEMES)) for p in range(1, n_proposals + 1)]
    conflicts = set()
    for p in proposals:
        # About one proposal in three conflicts with one to three MAG members (organizer, speaker,
        # same organisation), as in a real call where MAG members are active in the community.
        if rng.random() < 0.35:
            for r in rng.sample(reviewers, rng.randint(1, 3)):
                conflicts.add((p.id, r.id))
    return AssignmentProblem(
        proposals=proposals,
        reviewers=reviewers,
        k=3,
        min_groups=2,
        keep_within_theme=keep_within_theme,
        conflicts=conflicts,
    )


def run(n_proposals: int, keep_within_theme: bool = False) -> bool:
    problem = build(n_proposals, 60, seed=n_proposals, keep_within_theme=keep_within_theme)
    started = time.perf_counter()
    result = solve(problem)
    elapsed = time.perf_counter() - started
    per_proposal = {}
    for p, _r in result.pairs:
        per_proposal[p] = per_proposal.get(p, 0) + 1
    complete = sum(1 for p in problem.proposals if per_proposal.get(p.id) == problem.k)
    label = " (keep within theme)" if keep_within_theme else ""
    print(
        f"{n_proposals:>5} proposals{label}: {elapsed:.3f}s, {len(problem.conflicts)} conflicts "
        f"declared, load {min(result.loads.values())}-{max(result.loads.values())} "
        f"(spread {result.load_spread}), conflicts violated {result.conflicts_violated}, "
        f"proposals with {problem.k} reviewers {complete}/{n_proposals}, "
        f"with fewer than 2 stakeholder groups {len(result.single_group)}, "
        f"outside theme {len(result.out_of_theme)}"
    )
    for line in result.problems:
        print(f"      explanation: {line}")
    return result.conflicts_violated == 0 and result.load_spread <= 1 and complete == n_proposals


if __name__ == "__main__":
    ok = all([run(100), run(1000), run(1000, keep_within_theme=True)])
    sys.exit(0 if ok else 1)
