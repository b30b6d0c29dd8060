"""Reads of the review stage. Each takes the acting user and never returns what they may not see:
in particular nothing about a proposal the viewer has a conflict of interest with.

Results and ranks are in :mod:`sessions.selectors.results`, the selection board and merge
candidates in :mod:`sessions.selectors.selection`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from forum.models import Forum, ForumRole, User
from forum.rules import roles_of
from sessions.models import (
    Decision,
    Proposal,
    ProposalOrganizer,
    Review,
    ReviewAssignment,
    ReviewScore,
    ReviewSettings,
)
from sessions.rules import review as review_rules


def eligible_proposals(forum: Forum) -> QuerySet[Proposal]:
    """The proposals that go to review: submitted and screened eligible."""
    return Proposal.objects.filter(
        forum=forum,
        status=Proposal.Status.SUBMITTED,
        eligibility=Proposal.Eligibility.ELIGIBLE,
    )


def mag_members(forum: Forum) -> QuerySet[User]:
    """The forum's active MAG members, who review."""
    return User.objects.filter(
        forum_roles__forum=forum, forum_roles__role=ForumRole.Role.MAG_MEMBER, is_active=True
    ).select_related("stakeholder_group")


def review_settings_of(forum: Forum) -> ReviewSettings:
    """Read-only: the stored settings or unsaved defaults."""
    return ReviewSettings.objects.filter(forum=forum).first() or ReviewSettings(forum=forum)


def conflicted_ids(forum: Forum, viewer) -> set[int]:
    """The forum's proposals the viewer has a conflict of interest with, recorded or not yet
    (:func:`sessions.rules.review.conflict_q`), in one query."""
    if not viewer.is_authenticated:
        return set()
    return set(
        Proposal.objects.filter(forum=forum)
        .filter(
            review_rules.conflict_q(
                viewer, mag_member=ForumRole.Role.MAG_MEMBER in roles_of(viewer, forum)
            )
        )
        .values_list("pk", flat=True)
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
        .exclude(review_rules.conflict_q(viewer, "proposal"))
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


def awaiting_own_review(*, forum: Forum, viewer: User) -> set[int]:
    """Proposals whose scores the viewer may not see yet: assigned to them, not yet reviewed by
    them, while the forum hides scores until one's own review is submitted (the secretariat, who
    does not review, is not held back)."""
    if review_rules.can_manage_review.test(viewer, forum):
        return set()
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
