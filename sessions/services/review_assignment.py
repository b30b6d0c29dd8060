"""Who reviews what: the automatic assignment runs (the solver is
:mod:`sessions.services.assignment`), the secretariat's manual changes and declared conflicts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from forum.models import Forum, User
from sessions.models import (
    Proposal,
    Review,
    ReviewAssignment,
    ReviewConflict,
    ReviewerTheme,
)
from sessions.rules import review as review_rules
from sessions.selectors.review import eligible_proposals, mag_members, review_settings_of
from sessions.services import assignment as solver
from sessions.services.conflicts import conflicts_detect, drop_pair
from sessions.services.review_setup import (
    now_or_default,
    require,
    review_lock,
    review_setup_defaults,
)
from sessions.services.review_window import require_assignable


@transaction.atomic
def conflict_declare(
    *, proposal: Proposal, reviewer: User, reason: str, now: dt.datetime | None = None
) -> ReviewConflict:
    """A MAG member declares a conflict: the proposal leaves their list and is reassigned."""
    now = now_or_default(now)
    require(
        review_rules.can_declare_conflict,
        reviewer,
        proposal,
        _("Only a MAG member can declare a conflict, once, on an eligible proposal."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say briefly why you have a conflict of interest.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Keep the reason under 2,000 characters.")})
    conflict = ReviewConflict.objects.create(
        proposal=proposal,
        reviewer=reviewer,
        source=ReviewConflict.Source.DECLARED,
        reason=reason,
        created_at=now,
    )
    was_assigned = ReviewAssignment.objects.filter(proposal=proposal, reviewer=reviewer).exists()
    drop_pair(proposal.pk, reviewer.pk)
    # Once the review period is over, nobody new could review it: the desk sees the gap instead.
    if was_assigned and not review_settings_of(proposal.forum).has_ended(now):
        _assign(forum=proposal.forum, by=None, now=now)
    return conflict


# --- Assignment -----------------------------------------------------------------------------------


@dataclass
class AssignmentOutcome:
    result: solver.AssignmentResult
    created: int
    removed: int
    new_conflicts: int


def build_problem(forum: Forum) -> solver.AssignmentProblem:
    config = review_settings_of(forum)
    proposals = list(eligible_proposals(forum).order_by("pk").values_list("pk", "theme_id"))
    themes_of: dict[int, set[int]] = defaultdict(set)
    for reviewer_id, theme_id, parent_id in ReviewerTheme.objects.filter(forum=forum).values_list(
        "reviewer_id", "theme_id", "theme__parent_id"
    ):
        themes_of[reviewer_id].add(theme_id)
        if parent_id:
            themes_of[reviewer_id].add(parent_id)
    reviewers = [
        solver.Reviewer(id=r.pk, group=r.stakeholder_group_id, theme_ids=frozenset(themes_of[r.pk]))
        for r in mag_members(forum).order_by("pk")
    ]
    proposal_ids = [p for p, _ in proposals]
    conflicts = set(
        ReviewConflict.objects.filter(proposal__forum=forum).values_list(
            "proposal_id", "reviewer_id"
        )
    )
    fixed, preferred = set(), set()
    started = set(
        Review.objects.filter(proposal__forum=forum).values_list("proposal_id", "reviewer_id")
    )
    for p, r, by in ReviewAssignment.objects.filter(proposal_id__in=proposal_ids).values_list(
        "proposal_id", "reviewer_id", "assigned_by_id"
    ):
        if by is not None or (p, r) in started:
            fixed.add((p, r))
        else:
            preferred.add((p, r))
    return solver.AssignmentProblem(
        proposals=[solver.ProposalSlot(id=p, theme_id=t) for p, t in proposals],
        reviewers=reviewers,
        k=config.reviewers_per_proposal,
        min_groups=config.min_stakeholder_groups,
        keep_within_theme=config.keep_within_theme,
        conflicts=conflicts,
        existing=fixed,
        preferred=preferred,
    )


def _assign(*, forum: Forum, by: User | None, now: dt.datetime) -> AssignmentOutcome:
    review_lock(forum)
    new_conflicts = conflicts_detect(forum=forum, now=now)
    problem = build_problem(forum)
    result = solver.solve(problem)
    wanted = set(result.pairs)
    stale = problem.preferred - wanted
    removed = 0
    for p, r in sorted(stale):
        removed += ReviewAssignment.objects.filter(proposal_id=p, reviewer_id=r).delete()[0]
    # Assignments of proposals no longer eligible (withdrawn, screened out) without a review.
    removed += (
        ReviewAssignment.objects.filter(proposal__forum=forum, assigned_by__isnull=True)
        .exclude(proposal__in=eligible_proposals(forum))
        .exclude(
            Exists(
                Review.objects.filter(proposal=OuterRef("proposal"), reviewer=OuterRef("reviewer"))
            )
        )
        .delete()[0]
    )
    to_create = sorted(wanted - problem.preferred)
    ReviewAssignment.objects.bulk_create(
        ReviewAssignment(proposal_id=p, reviewer_id=r, assigned_at=now) for p, r in to_create
    )
    return AssignmentOutcome(
        result=result, created=len(to_create), removed=removed, new_conflicts=new_conflicts
    )


@transaction.atomic
def assignment_run(*, forum: Forum, by: User, now: dt.datetime | None = None) -> AssignmentOutcome:
    """Give every eligible proposal its reviewers (see :mod:`sessions.services.assignment`).

    Started reviews and the secretariat's manual assignments stay; earlier automatic ones stay
    unless moving them is needed to meet the constraints. Refused once the review period is
    over (reviewers could not review any more)."""
    require(review_rules.can_manage_review, by, forum, _("Only the secretariat assigns reviews."))
    now = now_or_default(now)
    config = review_setup_defaults(forum=forum)
    require_assignable(config, forum, now)
    return _assign(forum=forum, by=by, now=now)


def assignment_add(
    *, proposal: Proposal, reviewer: User, by: User, now: dt.datetime | None = None
) -> ReviewAssignment:
    """A manual assignment by the secretariat (kept by later automatic runs)."""
    require(review_rules.can_manage_review, by, proposal.forum, _("Only the secretariat assigns."))
    require_assignable(review_settings_of(proposal.forum), proposal.forum, now_or_default(now))
    # Record any conflict found since the last run first, so that it stands even if we refuse.
    conflicts_detect(forum=proposal.forum, now=now)
    with transaction.atomic():
        if not review_rules.is_eligible_proposal.test(reviewer, proposal):
            raise ValidationError(_("Only eligible, submitted proposals are reviewed."))
        if not mag_members(proposal.forum).filter(pk=reviewer.pk).exists():
            raise ValidationError(
                _("%(name)s is not a MAG member of this forum.") % {"name": reviewer}
            )
        if ReviewConflict.objects.filter(proposal=proposal, reviewer=reviewer).exists():
            raise ValidationError(
                _("%(name)s has a conflict of interest with this proposal.") % {"name": reviewer}
            )
        assignment, created = ReviewAssignment.objects.get_or_create(
            proposal=proposal,
            reviewer=reviewer,
            defaults={"assigned_by": by, "assigned_at": now_or_default(now)},
        )
        if not created:
            raise ValidationError(_("%(name)s already reviews this proposal.") % {"name": reviewer})
        return assignment


@transaction.atomic
def assignment_remove(*, proposal: Proposal, reviewer: User, by: User) -> None:
    require(review_rules.can_manage_review, by, proposal.forum, _("Only the secretariat assigns."))
    if Review.objects.filter(
        proposal=proposal, reviewer=reviewer, status=Review.Status.SUBMITTED
    ).exists():
        raise ValidationError(
            _("%(name)s has submitted a review of this proposal; it cannot be unassigned.")
            % {"name": reviewer}
        )
    deleted = ReviewAssignment.objects.filter(proposal=proposal, reviewer=reviewer).delete()[0]
    if not deleted:
        raise ValidationError(_("%(name)s does not review this proposal.") % {"name": reviewer})
    Review.objects.filter(proposal=proposal, reviewer=reviewer).delete()
