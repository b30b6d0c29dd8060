"""The review's results: each eligible proposal's scores, mean, median, spread and normalised
score, and its rank under each, as the viewer may see them."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from forum.models import Forum, User
from sessions.models import Decision, Proposal, Review, ReviewCriterion, ReviewScore
from sessions.rules import review as review_rules
from sessions.selectors.review import awaiting_own_review, conflicted_ids, eligible_proposals


def weighted_total(values: dict[int, int], criteria: list[ReviewCriterion]) -> float:
    """A review's total: its scores (criterion id -> value) weighted by the criteria's weights."""
    weights = {c.pk: float(c.weight) for c in criteria}
    total_weight = sum(weights[c] for c in values)
    if not total_weight:
        return sum(values.values()) / len(values)
    return sum(weights[c] * v for c, v in values.items()) / total_weight


@dataclass
class ResultRow:
    proposal: Proposal
    scores: list[float]
    mean: float | None
    median: float | None
    spread: float | None
    normalised: float | None
    rank_mean: int | None = None
    rank_median: int | None = None
    rank_normalised: int | None = None
    decision: Decision | None = None
    reviewers: int = 0


def normalise(reviews: list[tuple[int, int, float]]) -> dict[int, float]:
    """Proposal id -> mean of the reviewers' z-scores.

    ``reviews`` holds (proposal id, reviewer id, total). Each reviewer's totals are centred on
    their own mean and divided by their own standard deviation, which removes a harsh or lenient
    reviewer's bias; a reviewer whose scores do not vary contributes 0 (no information)."""
    by_reviewer: dict[int, list[float]] = defaultdict(list)
    for _p, r, total in reviews:
        by_reviewer[r].append(total)
    stats = {}
    for r, totals in by_reviewer.items():
        mean = statistics.fmean(totals)
        sd = statistics.pstdev(totals) if len(totals) > 1 else 0.0
        stats[r] = (mean, sd)
    zs: dict[int, list[float]] = defaultdict(list)
    for p, r, total in reviews:
        mean, sd = stats[r]
        zs[p].append((total - mean) / sd if sd > 1e-9 else 0.0)
    return {p: statistics.fmean(values) for p, values in zs.items()}


def _rank(rows: list[ResultRow], attr: str, rank_attr: str) -> None:
    """Competition ranking (1, 2, 2, 4) by ``attr``, highest first; rows without a value last."""
    scored = sorted(
        (r for r in rows if getattr(r, attr) is not None), key=lambda r: -getattr(r, attr)
    )
    previous, rank = None, 0
    for index, row in enumerate(scored, start=1):
        value = round(getattr(row, attr), 9)
        if value != previous:
            rank, previous = index, value
        setattr(row, rank_attr, rank)


def results_for(*, forum: Forum, viewer: User) -> list[ResultRow]:
    """Every eligible proposal the viewer may see the scores of, with mean, median, spread and the
    normalised score, and its rank under each. Proposals the viewer has a conflict with are left
    out entirely, and so are, for a MAG member while the switch is on, the proposals on their list
    they have not reviewed yet: they see others' scores only after submitting their own."""
    if not review_rules.can_see_results.test(viewer, forum):
        raise Http404("No such page.")
    hidden = conflicted_ids(forum, viewer) | awaiting_own_review(forum=forum, viewer=viewer)
    proposals = list(
        eligible_proposals(forum)
        .select_related("session_type", "theme", "subtheme")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.filter(is_current=True).select_related(
                    "decided_by", "merge_with", "offered_session_type"
                ),
                to_attr="current_decisions",
            )
        )
        .order_by("pk")
    )
    # Weighted with the criteria's current weights, so that a change of weight during the review
    # applies to every review alike.
    criteria = list(forum.review_criteria.all())
    values: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for proposal_id, reviewer_id, criterion_id, value in ReviewScore.objects.filter(
        review__proposal__in=[p.pk for p in proposals],
        review__status=Review.Status.SUBMITTED,
    ).values_list("review__proposal_id", "review__reviewer_id", "criterion_id", "value"):
        values[(proposal_id, reviewer_id)][criterion_id] = value
    totals = [(p, r, weighted_total(scores, criteria)) for (p, r), scores in sorted(values.items())]
    normalised = normalise(totals)
    by_proposal: dict[int, list[float]] = defaultdict(list)
    for p, _r, total in totals:
        by_proposal[p].append(total)
    rows = []
    for proposal in proposals:
        scores = by_proposal.get(proposal.pk, [])
        rows.append(
            ResultRow(
                proposal=proposal,
                scores=scores,
                mean=statistics.fmean(scores) if scores else None,
                median=statistics.median(scores) if scores else None,
                spread=statistics.pstdev(scores) if len(scores) > 1 else (0.0 if scores else None),
                normalised=normalised.get(proposal.pk),
                decision=proposal.current_decisions[0] if proposal.current_decisions else None,
                reviewers=len(scores),
            )
        )
    # Ranked after leaving out the viewer's conflicts: a gap in the ranks would tell them where
    # their own proposal stands.
    rows = [row for row in rows if row.proposal.pk not in hidden]
    for attr in ("mean", "median", "normalised"):
        _rank(rows, attr, f"rank_{attr}")
    return rows


ORDERS = {"normalised": "rank_normalised", "mean": "rank_mean", "median": "rank_median"}
