"""Reviewer assignment at IGF scale: 1,000 proposals, 60 MAG members, 3 reviews each, with conflicts.

Runs the same solver the assignment service calls (sessions.services.assignment.solve) on
in-memory data at 100 and 1,000 proposals to show how it grows, and prints the time and the load
spread. The returned pairs are then checked on their own, not by the solver's report: conflicts
recomputed from who is involved in each proposal, loads counted from the pairs, stakeholder groups
per proposal. Exits non-zero if any is broken. ASSIGNMENT_BENCH_SIZES=20,100 runs smaller sizes.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections import Counter
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
    """The problem, and the data its conflicts come from: the MAG members who organise or speak
    on each proposal (or work at an organisation that does)."""
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
    involved: dict[int, set[int]] = {p.id: set() for p in proposals}
    for p in proposals:
        # About one proposal in three involves one to three MAG members (organizer, speaker,
        # same organisation), as in a real call where MAG members are active in the community.
        if rng.random() < 0.35:
            involved[p.id] = {r.id for r in rng.sample(reviewers, rng.randint(1, 3))}
    problem = AssignmentProblem(
        proposals=proposals,
        reviewers=reviewers,
        k=3,
        min_groups=2,
        keep_within_theme=keep_within_theme,
        conflicts={(p, r) for p, people in involved.items() for r in people},
    )
    return problem, involved


def violations(problem: AssignmentProblem, involved: dict[int, set[int]], result) -> list[str]:
    """Check the solver's pairs on their own, against the data rather than the solver's report:
    conflicts recomputed from who is involved in each proposal, loads counted from the pairs,
    stakeholder groups looked up per reviewer."""
    found = []
    reviewers = {r.id: r for r in problem.reviewers}
    proposals = {p.id for p in problem.proposals}
    pairs = list(result.pairs)
    if len(set(pairs)) != len(pairs):
        found.append(f"{len(pairs) - len(set(pairs))} pairs made twice")
    unknown = [(p, r) for p, r in pairs if p not in proposals or r not in reviewers]
    if unknown:
        found.append(f"{len(unknown)} pairs name an unknown proposal or reviewer")
    conflicted = [(p, r) for p, r in pairs if r in involved.get(p, set())]
    if conflicted:
        found.append(f"{len(conflicted)} pairs with a conflict of interest, e.g. {conflicted[:3]}")
    per_proposal = Counter(p for p, _ in pairs)
    wrong_count = {p: per_proposal[p] for p in proposals if per_proposal[p] != problem.k}
    if wrong_count:
        found.append(f"{len(wrong_count)} proposals without exactly {problem.k} reviewers")
    loads = Counter(dict.fromkeys(reviewers, 0)) + Counter(r for _, r in pairs)
    loads = {r: loads[r] for r in reviewers}
    if max(loads.values()) - min(loads.values()) > 1:
        found.append(f"loads spread {min(loads.values())}-{max(loads.values())}, more than 1")
    if loads != result.loads:
        found.append("the loads the solver reports are not those of its pairs")
    groups: dict[int, set] = {p: set() for p in proposals}
    for p, r in pairs:
        groups[p].add(reviewers[r].group)
    narrow = sorted(p for p, g in groups.items() if len(g) < problem.min_groups)
    if narrow:
        found.append(f"{len(narrow)} proposals reviewed by fewer than {problem.min_groups} groups")
    return found


def run(n_proposals: int, keep_within_theme: bool = False) -> bool:
    problem, involved = build(
        n_proposals, 60, seed=n_proposals, keep_within_theme=keep_within_theme
    )
    started = time.perf_counter()
    result = solve(problem)
    elapsed = time.perf_counter() - started
    per_proposal = Counter(p for p, _r in result.pairs)
    complete = sum(1 for p in problem.proposals if per_proposal.get(p.id) == problem.k)
    label = " (keep within theme)" if keep_within_theme else ""
    print(
        f"{n_proposals:>5} proposals{label}: {elapsed:.3f}s, {len(problem.conflicts)} conflicts "
        f"declared, load {min(result.loads.values())}-{max(result.loads.values())} "
        f"(spread {result.load_spread}), proposals with {problem.k} reviewers "
        f"{complete}/{n_proposals}, outside theme {len(result.out_of_theme)}"
    )
    for line in result.problems:
        print(f"      explanation: {line}")
    found = violations(problem, involved, result)
    for line in found:
        print(f"      VIOLATED: {line}")
    return not found


if __name__ == "__main__":
    sizes = [int(n) for n in os.environ.get("ASSIGNMENT_BENCH_SIZES", "100,1000").split(",")]
    results = [run(n) for n in sizes] + [run(sizes[-1], keep_within_theme=True)]
    sys.exit(0 if all(results) else 1)
