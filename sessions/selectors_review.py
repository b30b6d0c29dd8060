"""Reads of the review stage. Each takes the acting user and never returns what they may not see:
in particular nothing about a proposal the viewer has a conflict of interest with."""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404

from forum import regions
from forum.models import Forum, User
from sessions.models import (
    Decision,
    Proposal,
    ProposalOrganizer,
    ProposalPerson,
    Review,
    ReviewAssignment,
    ReviewConflict,
    ReviewScore,
)
from sessions.rules import review as review_rules
from sessions.services.review import eligible_proposals, mag_members, weighted_total


def _conflicted_ids(forum: Forum, viewer) -> set[int]:
    if not viewer.is_authenticated:
        return set()
    return set(
        ReviewConflict.objects.filter(proposal__forum=forum, reviewer=viewer).values_list(
            "proposal_id", flat=True
        )
    )


# --- The reviewer's side --------------------------------------------------------------------------


@dataclass
class QueueRow:
    proposal: Proposal
    status: str  # "todo", "draft", "submitted"


def review_queue(*, forum: Forum, viewer: User) -> list[QueueRow]:
    """The viewer's assigned, eligible proposals without a conflict, with their review status."""
    reviews = Review.objects.filter(proposal=OuterRef("proposal"), reviewer=viewer)
    assignments = (
        ReviewAssignment.objects.filter(reviewer=viewer, proposal__in=eligible_proposals(forum))
        .exclude(proposal__conflicts__reviewer=viewer)
        .annotate(
            submitted=Exists(reviews.filter(status=Review.Status.SUBMITTED)),
            drafted=Exists(reviews.filter(status=Review.Status.DRAFT)),
        )
        .select_related("proposal__session_type", "proposal__theme")
        .order_by("proposal__title", "proposal_id")
    )
    return [
        QueueRow(
            proposal=a.proposal,
            status="submitted" if a.submitted else ("draft" if a.drafted else "todo"),
        )
        for a in assignments
    ]


def proposal_for_reviewer(*, forum: Forum, proposal_id: int, viewer: User) -> Proposal:
    """A proposal the viewer reviews (404 otherwise: no hint that it exists)."""
    proposal = (
        Proposal.objects.filter(forum=forum, pk=proposal_id)
        .select_related("forum", "session_type", "theme", "subtheme")
        .prefetch_related("policy_questions", "organizers", "people")
        .first()
    )
    if proposal is None or not review_rules.can_review_proposal.test(viewer, proposal):
        raise Http404("No such proposal on your list.")
    return proposal


def proposal_for_conflict(*, forum: Forum, proposal_id: int, viewer: User) -> Proposal:
    proposal = Proposal.objects.filter(forum=forum, pk=proposal_id).select_related("forum").first()
    if proposal is None or not review_rules.can_declare_conflict.test(viewer, proposal):
        raise Http404("No such proposal.")
    return proposal


def proposal_for_secretariat(*, forum: Forum, proposal_id: int, viewer: User) -> Proposal:
    proposal = (
        Proposal.objects.filter(forum=forum, pk=proposal_id)
        .select_related("forum", "session_type", "theme", "subtheme")
        .prefetch_related("policy_questions", "organizers", "people")
        .first()
    )
    if proposal is None or not review_rules.can_decide_proposal.test(viewer, proposal):
        raise Http404("No such proposal.")
    return proposal


def own_review(*, proposal: Proposal, viewer: User) -> Review | None:
    return (
        Review.objects.filter(proposal=proposal, reviewer=viewer).prefetch_related("scores").first()
    )


def reviews_for(*, proposal: Proposal, viewer: User) -> list[Review] | None:
    """The submitted reviews of a proposal the viewer may see, or None when they may not (yet)."""
    if not review_rules.can_see_proposal_reviews.test(viewer, proposal):
        return None
    return list(
        Review.objects.filter(proposal=proposal, status=Review.Status.SUBMITTED)
        .select_related("reviewer")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=ReviewScore.objects.select_related("criterion", "reason"),
            )
        )
        .order_by("pk")
    )


# --- The secretariat's side -----------------------------------------------------------------------


@dataclass
class ReviewerProgress:
    reviewer: User
    assigned: int
    submitted: int
    drafts: int

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.assigned) if self.assigned else 100


def review_progress(*, forum: Forum, viewer: User) -> list[ReviewerProgress]:
    if not review_rules.can_manage_review.test(viewer, forum):
        raise Http404("No such page.")
    eligible = set(eligible_proposals(forum).values_list("pk", flat=True))
    assigned: Counter[int] = Counter()
    for reviewer_id, proposal_id in ReviewAssignment.objects.filter(
        proposal__forum=forum
    ).values_list("reviewer_id", "proposal_id"):
        if proposal_id in eligible:
            assigned[reviewer_id] += 1
    submitted: Counter[int] = Counter()
    drafts: Counter[int] = Counter()
    for reviewer_id, proposal_id, status in Review.objects.filter(
        proposal__forum=forum
    ).values_list("reviewer_id", "proposal_id", "status"):
        if proposal_id in eligible:
            (submitted if status == Review.Status.SUBMITTED else drafts)[reviewer_id] += 1
    return [
        ReviewerProgress(
            reviewer=r,
            assigned=assigned[r.pk],
            submitted=submitted[r.pk],
            drafts=drafts[r.pk],
        )
        for r in mag_members(forum).order_by("name", "pk")
    ]


# --- Results and normalisation --------------------------------------------------------------------


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


def awaiting_own_review(*, forum: Forum, viewer: User) -> set[int]:
    """Proposals whose scores the viewer may not see yet: assigned to them, not yet reviewed by
    them, while the forum hides scores until one's own review is submitted (the secretariat, who
    does not review, is not held back)."""
    if review_rules.can_manage_review.test(viewer, forum):
        return set()
    from sessions.services.review import review_settings_of

    if not review_settings_of(forum).hide_scores_until_submitted:
        return set()
    submitted = Review.objects.filter(
        proposal=OuterRef("proposal"), reviewer=viewer, status=Review.Status.SUBMITTED
    )
    return set(
        ReviewAssignment.objects.filter(proposal__forum=forum, reviewer=viewer)
        .exclude(Exists(submitted))
        .values_list("proposal_id", flat=True)
    )


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
    hidden = _conflicted_ids(forum, viewer) | awaiting_own_review(forum=forum, viewer=viewer)
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


# --- The selection board --------------------------------------------------------------------------


@dataclass
class Composition:
    total: int = 0
    regions: Counter = field(default_factory=Counter)
    stakeholder_groups: Counter = field(default_factory=Counter)
    speaker_genders: Counter = field(default_factory=Counter)
    first_time: int = 0
    developing_country: int = 0
    themes: Counter = field(default_factory=Counter)


REGION_NAMES = {
    "african": "African Group",
    "asia-pacific": "Asia-Pacific Group",
    "eeg": "Eastern European Group",
    "grulac": "Latin American and Caribbean Group",
    "weog": "Western European and Others Group",
    "igo": "Intergovernmental organisations",
}


def composition_of(proposals: list[Proposal]) -> Composition:
    """Make-up of a selection. Proposals must come with organizers and people prefetched."""
    comp = Composition(total=len(proposals))
    for proposal in proposals:
        organizers = list(proposal.organizers.all())
        primary = organizers[0] if organizers else None
        if primary is not None:
            code = regions.regional_group_code(primary.country.code if primary.country else None)
            comp.regions[REGION_NAMES.get(code or "", "Not stated")] += 1
            group = primary.stakeholder_group
            comp.stakeholder_groups[group.name if group else "Not stated"] += 1
        for person in proposal.people.all():
            if person.role == ProposalPerson.Role.SPEAKER:
                comp.speaker_genders[(person.gender or "not stated").strip().lower()] += 1
        comp.first_time += proposal.first_time_organizer
        comp.developing_country += proposal.developing_country_organizer
        comp.themes[proposal.theme.name if proposal.theme_id else "No theme"] += 1
    return comp


@dataclass
class Board:
    rows: list[ResultRow]
    selected: list[ResultRow]
    slots: int
    order: str
    composition: Composition
    cut_after: int | None


def selection_board(
    *,
    forum: Forum,
    viewer: User,
    slots: int,
    order: str = "normalised",
    include: set[int] = frozenset(),
    exclude: set[int] = frozenset(),
) -> Board:
    """The ranked list with its cut line after ``slots`` proposals. ``include`` and ``exclude``
    move proposals across the line by hand; the composition is that of the selection."""
    rows = results_for(forum=forum, viewer=viewer)
    rank_attr = ORDERS.get(order, "rank_normalised")
    rows.sort(key=lambda r: (getattr(r, rank_attr) or 10**9, r.proposal.pk))
    above = {r.proposal.pk for r in rows[: max(0, slots)]}
    selected_ids = (above | set(include)) - set(exclude)
    selected = [r for r in rows if r.proposal.pk in selected_ids]
    people = Prefetch("people", queryset=ProposalPerson.objects.select_related("stakeholder_group"))
    organizers = Prefetch(
        "organizers", queryset=ProposalOrganizer.objects.select_related("stakeholder_group")
    )
    with_people = {
        p.pk: p
        # Only what the viewer may see: ``include`` may name anything.
        for p in Proposal.objects.filter(pk__in=[r.proposal.pk for r in selected])
        .select_related("theme")
        .prefetch_related(organizers, people)
    }
    return Board(
        rows=rows,
        selected=selected,
        slots=slots,
        order=order if order in ORDERS else "normalised",
        composition=composition_of([with_people[r.proposal.pk] for r in selected]),
        cut_after=min(slots, len(rows)) if slots else None,
    )


# --- Merge candidates -----------------------------------------------------------------------------

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "for",
        "from",
        "has",
        "have",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "we",
        "what",
        "which",
        "who",
        "will",
        "with",
        "within",
        "without",
        "should",
        "would",
        "could",
        "session",
        "proposal",
        "participants",
        "discuss",
        "discussion",
    ]
)
TOKEN = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def _tokens(text: str) -> list[str]:
    return [t for t in TOKEN.findall(text.casefold()) if t not in STOPWORDS]


def merge_candidates(
    *, forum: Forum, viewer: User, threshold: float = 0.35, limit: int = 50
) -> list[tuple[Proposal, Proposal, float]]:
    """Pairs of eligible proposals whose title, description and policy questions are alike
    (TF-IDF cosine similarity), most alike first."""
    if not review_rules.can_see_results.test(viewer, forum):
        raise Http404("No such page.")
    hidden = _conflicted_ids(forum, viewer)
    proposals = list(
        eligible_proposals(forum)
        .exclude(pk__in=hidden)
        .prefetch_related("policy_questions")
        .order_by("pk")
    )
    docs = {}
    for p in proposals:
        text = " ".join(
            [p.title, p.title, p.description] + [q.text for q in p.policy_questions.all()]
        )
        docs[p.pk] = Counter(_tokens(text))
    n = len(docs)
    if n < 2:
        return []
    df: Counter[str] = Counter()
    for counts in docs.values():
        df.update(counts.keys())
    # Words in more than a fifth of the proposals say nothing about which two are alike.
    idf = {t: math.log(n / c) for t, c in df.items() if c <= max(2, n // 5)}
    vectors = {}
    postings: dict[str, list[int]] = defaultdict(list)
    for pid, counts in docs.items():
        vec = {t: (1 + math.log(c)) * idf[t] for t, c in counts.items() if t in idf}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors[pid] = {t: v / norm for t, v in vec.items()}
        for t in vectors[pid]:
            postings[t].append(pid)
    dots: dict[tuple[int, int], float] = defaultdict(float)
    for t, pids in postings.items():
        for i, a in enumerate(pids):
            va = vectors[a][t]
            for b in pids[i + 1 :]:
                dots[(a, b)] += va * vectors[b][t]
    by_id = {p.pk: p for p in proposals}
    pairs = sorted(
        ((by_id[a], by_id[b], round(s, 3)) for (a, b), s in dots.items() if s >= threshold),
        key=lambda x: (-x[2], x[0].pk, x[1].pk),
    )
    return pairs[:limit]


# --- The organizers' side -------------------------------------------------------------------------


@dataclass
class OrganizerOutcome:
    proposal: Proposal
    decision: Decision | None
    comments: list[str]


def outcome_for_organizer(*, forum: Forum, proposal_id: int, viewer: User) -> OrganizerOutcome:
    """The announced decision on one of the viewer's proposals, with the reviewers' comments to
    the organizers and never who wrote them. Nothing is shown before the notification is sent."""
    proposal = (
        Proposal.objects.filter(forum=forum, pk=proposal_id)
        .select_related("forum", "session_type")
        .first()
    )
    if proposal is None or not review_rules.can_see_outcome.test(viewer, proposal):
        raise Http404("No such proposal.")
    decision = (
        Decision.objects.filter(proposal=proposal, is_current=True, notified_at__isnull=False)
        .select_related("merge_with", "offered_session_type")
        .first()
    )
    comments = []
    if decision is not None:
        comments = list(
            Review.objects.filter(proposal=proposal, status=Review.Status.SUBMITTED)
            .exclude(comment_to_organizers="")
            .order_by("pk")
            .values_list("comment_to_organizers", flat=True)
        )
    return OrganizerOutcome(proposal=proposal, decision=decision, comments=comments)


def proposals_with_outcomes(*, forum: Forum, viewer: User):
    """The viewer's own proposals (as organizer, by account or email) with announced decisions."""
    if not viewer.is_authenticated:
        return Proposal.objects.none()
    mine = ProposalOrganizer.objects.filter(
        Q(user=viewer) | Q(email__iexact=viewer.email), proposal=OuterRef("pk")
    )
    return (
        Proposal.objects.filter(forum=forum)
        .filter(Exists(mine))
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.filter(is_current=True, notified_at__isnull=False),
                to_attr="announced",
            )
        )
        .order_by("title", "pk")
    )
