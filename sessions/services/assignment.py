"""Reviewer assignment as a min-cost flow (OR-Tools), on plain data so that the benchmark and the
service call the same function.

The network::

    source ─(load)─> reviewer ─(no conflict)─> (proposal, reviewer's stakeholder group)
           ─(diversity)─> proposal ─(k)─> sink

* Every proposal asks for ``k`` reviewers (minus those it already has).
* Load: each reviewer takes between ``lo`` and ``hi`` new+existing proposals, where ``lo`` and ``hi``
  are the floor and ceiling of the mean load, so the most and least loaded differ by at most 1.
  The part of a reviewer's capacity above ``lo`` costs ``W_LOAD`` per unit: the solver fills every
  reviewer up to ``lo`` before anyone goes to ``hi``.
* Conflicts have no arc at all: the solver cannot assign one.
* Diversity: one stakeholder group may give a proposal at most ``cap`` reviewers for free
  (``cap`` is chosen so that ``min_groups`` groups are needed to reach ``k``); more costs
  ``W_DIVERSITY`` each, paid only where the pool of non-conflicted reviewers leaves no choice.
* Theme: with ``keep_within_theme``, an arc to a proposal outside the reviewer's themes costs
  ``W_THEME``, so it is used only when the theme group cannot cover its proposals.
* Stability: a pair the solver made before costs nothing, a new one ``W_CHANGE``: re-running after a
  conflict moves as few assignments as it can.

The weights are ordered (load > diversity > theme > change) and each exceeds the largest possible total
of the ones below it, so the solver never trades a higher priority for a lower one. The flow is a
maximum flow first (``solve_max_flow_with_min_cost``): when the constraints leave a proposal short,
it still gets as many reviewers as possible and :func:`explain` says why.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ortools.graph.python import min_cost_flow


@dataclass(frozen=True)
class ProposalSlot:
    id: int
    theme_id: int | None = None


@dataclass(frozen=True)
class Reviewer:
    id: int
    group: int | str | None
    theme_ids: frozenset[int] = frozenset()


@dataclass
class AssignmentProblem:
    proposals: list[ProposalSlot]
    reviewers: list[Reviewer]
    k: int = 3
    min_groups: int = 2
    keep_within_theme: bool = False
    conflicts: set[tuple[int, int]] = field(default_factory=set)  # (proposal_id, reviewer_id)
    #: Pairs that stay whatever happens (a review is started, or the secretariat made them).
    existing: set[tuple[int, int]] = field(default_factory=set)  # (proposal_id, reviewer_id)
    #: Pairs the solver made before: kept unless moving them is needed to meet the constraints.
    preferred: set[tuple[int, int]] = field(default_factory=set)


@dataclass
class AssignmentResult:
    #: New (proposal_id, reviewer_id) pairs to create.
    pairs: list[tuple[int, int]]
    #: Load per reviewer id, existing assignments included.
    loads: dict[int, int]
    short: dict[int, int]  # proposal id -> reviewers missing
    single_group: list[int]  # proposal ids whose reviewers span fewer than min_groups groups
    out_of_theme: list[tuple[int, int]]
    conflicts_violated: int
    problems: list[str]

    @property
    def load_spread(self) -> int:
        return max(self.loads.values()) - min(self.loads.values()) if self.loads else 0


def _group_cap(k: int, min_groups: int) -> int:
    """The most reviewers one group may give a proposal so that ``min_groups`` are needed."""
    if min_groups <= 1:
        return k
    return max(1, (k - 1) // (min_groups - 1))


def solve(problem: AssignmentProblem) -> AssignmentResult:
    k = problem.k
    proposals = problem.proposals
    reviewers = problem.reviewers
    if not reviewers or not proposals:
        return AssignmentResult(
            pairs=[],
            loads={r.id: 0 for r in reviewers},
            short={p.id: k for p in proposals} if not reviewers else {},
            single_group=[],
            out_of_theme=[],
            conflicts_violated=0,
            problems=["There are no reviewers in the pool."] if proposals else [],
        )
    reviewer_ids = {r.id for r in reviewers}
    proposal_ids = {p.id for p in proposals}
    existing = {(p, r) for p, r in problem.existing if p in proposal_ids and r in reviewer_ids}
    existing_by_proposal: dict[int, list[int]] = defaultdict(list)
    existing_load: Counter[int] = Counter()
    for p, r in existing:
        existing_by_proposal[p].append(r)
        existing_load[r] += 1
    need = {p.id: max(0, k - len(existing_by_proposal[p.id])) for p in proposals}
    total_new = sum(need.values())
    total = total_new + len(existing)
    lo, rest = divmod(total, len(reviewers))
    hi = lo + (1 if rest else 0)

    by_id = {r.id: r for r in reviewers}
    cap = _group_cap(k, problem.min_groups)
    n_prop = len(proposals)
    units = total_new
    w_change = 1
    w_theme = units * w_change + 1
    w_div = units * (w_change + w_theme) + 1
    w_load = units * w_div + units * (w_change + w_theme) + 1

    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1
    reviewer_node = {r.id: 2 + i for i, r in enumerate(reviewers)}
    proposal_node = {p.id: 2 + len(reviewers) + i for i, p in enumerate(proposals)}
    next_node = 2 + len(reviewers) + n_prop
    group_node: dict[tuple[int, object], int] = {}

    for r in reviewers:
        already = existing_load[r.id]
        base = max(0, lo - already)
        extra = max(0, hi - already) - base
        if base:
            flow.add_arc_with_capacity_and_unit_cost(source, reviewer_node[r.id], base, 0)
        if extra:
            flow.add_arc_with_capacity_and_unit_cost(source, reviewer_node[r.id], extra, w_load)

    pair_arcs: dict[int, tuple[int, int]] = {}
    for p in proposals:
        if not need[p.id]:
            continue
        flow.add_arc_with_capacity_and_unit_cost(proposal_node[p.id], sink, need[p.id], 0)
        group_count = Counter(by_id[r].group for r in existing_by_proposal[p.id])
        taken = set(existing_by_proposal[p.id])
        for r in reviewers:
            if r.id in taken or (p.id, r.id) in problem.conflicts:
                continue
            key = (p.id, r.group)
            node = group_node.get(key)
            if node is None:
                node = group_node[key] = next_node
                next_node += 1
                free = max(0, cap - group_count[r.group])
                if free:
                    flow.add_arc_with_capacity_and_unit_cost(node, proposal_node[p.id], free, 0)
                flow.add_arc_with_capacity_and_unit_cost(
                    node, proposal_node[p.id], need[p.id], w_div
                )
            cost = 0 if (p.id, r.id) in problem.preferred else w_change
            if problem.keep_within_theme and p.theme_id not in r.theme_ids:
                cost += w_theme
            arc = flow.add_arc_with_capacity_and_unit_cost(reviewer_node[r.id], node, 1, cost)
            pair_arcs[arc] = (p.id, r.id)

    flow.set_node_supply(source, total_new)
    flow.set_node_supply(sink, -total_new)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:  # pragma: no cover - the network is always well formed
        raise RuntimeError(f"min-cost flow failed with status {status}")

    pairs = [pair for arc, pair in pair_arcs.items() if flow.flow(arc)]
    pairs.sort()
    return _report(problem, pairs, existing)


def _report(
    problem: AssignmentProblem, pairs: list[tuple[int, int]], existing: set[tuple[int, int]]
) -> AssignmentResult:
    k = problem.k
    by_id = {r.id: r for r in problem.reviewers}
    theme_of = {p.id: p.theme_id for p in problem.proposals}
    all_pairs = set(pairs) | existing
    loads = {r.id: 0 for r in problem.reviewers}
    reviewers_of: dict[int, list[int]] = defaultdict(list)
    for p, r in all_pairs:
        loads[r] += 1
        reviewers_of[p].append(r)
    short = {
        p.id: k - len(reviewers_of[p.id]) for p in problem.proposals if len(reviewers_of[p.id]) < k
    }
    single_group = sorted(
        p.id
        for p in problem.proposals
        if len({by_id[r].group for r in reviewers_of[p.id]}) < min(problem.min_groups, k)
    )
    out_of_theme = sorted(
        (p, r)
        for p, r in pairs
        if problem.keep_within_theme and theme_of[p] not in by_id[r].theme_ids
    )
    violated = sum(1 for pair in all_pairs if pair in problem.conflicts)
    result = AssignmentResult(
        pairs=pairs,
        loads=loads,
        short=short,
        single_group=single_group,
        out_of_theme=out_of_theme,
        conflicts_violated=violated,
        problems=[],
    )
    result.problems = explain(problem, result)
    return result


def explain(problem: AssignmentProblem, result: AssignmentResult) -> list[str]:
    """Plain sentences saying which constraint could not be met, and why."""
    problems: list[str] = []
    k = problem.k
    n_reviewers = len(problem.reviewers)
    conflicts_of: Counter[int] = Counter(p for p, _ in problem.conflicts)
    if result.short:
        capacity_short = [p for p in result.short if n_reviewers - conflicts_of[p] < k]
        if capacity_short:
            problems.append(
                f"{len(capacity_short)} proposal(s) have fewer than {k} reviewers without a "
                f"conflict of interest in a pool of {n_reviewers}: they get every one available."
            )
        other = len(result.short) - len(capacity_short)
        if other:
            problems.append(
                f"{other} proposal(s) could not get {k} reviewers without overloading a reviewer "
                "(the reviewers free of conflicts for them are already at the balanced load): "
                "add reviewers or assign them by hand."
            )
    if result.load_spread > 1:
        problems.append(
            f"Loads differ by {result.load_spread} (most {max(result.loads.values())}, least "
            f"{min(result.loads.values())}): conflicts or earlier assignments leave some "
            "reviewers without enough proposals they may review."
        )
    if result.single_group:
        problems.append(
            f"{len(result.single_group)} proposal(s) have reviewers from fewer than "
            f"{problem.min_groups} stakeholder groups: the reviewers free of conflicts for them "
            "(and with load to spare) all come from the same group."
        )
    if result.out_of_theme:
        theme_of = {p.id: p.theme_id for p in problem.proposals}
        themes = Counter(theme_of[pid] for pid, _ in result.out_of_theme)
        problems.append(
            f"{len(result.out_of_theme)} assignment(s) go to reviewers outside the proposal's "
            f"theme group, in {len(themes)} theme(s): those groups have too few reviewers for "
            "their proposals."
        )
    return problems
