"""Predicates for the review stage.

A conflict of interest beats every role: a MAG member (or secretariat member) with a conflict on a
proposal can neither review it nor see its reviews, scores or rank, whatever the page or API.
"""

from __future__ import annotations

import rules

from forum.rules import is_active_user, is_mag_member, is_secretariat
from sessions.rules.proposals import is_proposal_organizer


@rules.predicate
def is_conflicted(user, proposal) -> bool:
    if not is_active_user(user) or proposal is None:
        return False
    from sessions.models import ReviewConflict

    return ReviewConflict.objects.filter(proposal=proposal, reviewer=user).exists()


@rules.predicate
def is_assigned_reviewer(user, proposal) -> bool:
    if not is_active_user(user) or proposal is None:
        return False
    from sessions.models import ReviewAssignment

    return ReviewAssignment.objects.filter(proposal=proposal, reviewer=user).exists()


@rules.predicate
def has_submitted_review(user, proposal) -> bool:
    if not is_active_user(user) or proposal is None:
        return False
    from sessions.models import Review

    return Review.objects.filter(
        proposal=proposal, reviewer=user, status=Review.Status.SUBMITTED
    ).exists()


@rules.predicate
def scores_hidden_until_submitted(user, proposal) -> bool:
    from sessions.models import ReviewSettings

    value = (
        ReviewSettings.objects.filter(forum_id=proposal.forum_id)
        .values_list("hide_scores_until_submitted", flat=True)
        .first()
    )
    return True if value is None else value


@rules.predicate
def is_eligible_proposal(user, proposal) -> bool:
    from sessions.models import Proposal

    return (
        proposal.status == Proposal.Status.SUBMITTED
        and proposal.eligibility == Proposal.Eligibility.ELIGIBLE
    )


can_manage_review = is_secretariat
can_see_results = is_secretariat | is_mag_member
can_review_proposal = is_mag_member & is_assigned_reviewer & ~is_conflicted & is_eligible_proposal
can_declare_conflict = is_mag_member & is_eligible_proposal & ~is_conflicted
can_see_proposal_reviews = ~is_conflicted & (
    is_secretariat | (can_review_proposal & (has_submitted_review | ~scores_hidden_until_submitted))
)
can_decide_proposal = is_secretariat & ~is_conflicted
can_see_outcome = is_proposal_organizer | (is_secretariat & ~is_conflicted)

rules.add_perm("programme.manage_review", can_manage_review)
rules.add_perm("programme.see_review_results", can_see_results)
rules.add_perm("programme.review_proposal", can_review_proposal)
rules.add_perm("programme.declare_conflict", can_declare_conflict)
rules.add_perm("programme.see_proposal_reviews", can_see_proposal_reviews)
rules.add_perm("programme.decide_proposal", can_decide_proposal)
rules.add_perm("programme.see_proposal_outcome", can_see_outcome)
