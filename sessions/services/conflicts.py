"""Conflicts of interest found automatically: a MAG member named in a proposal, or from the same
organisation as its people. (A declared conflict is in :mod:`sessions.services.review_assignment`,
since declaring one reassigns the proposal.)"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction

from forum.models import Forum, User
from sessions.models import (
    ProposalOrganizer,
    ProposalPerson,
    Review,
    ReviewAssignment,
    ReviewConflict,
)
from sessions.rules.review import norm_org
from sessions.selectors.review import eligible_proposals, mag_members
from sessions.services.review_setup import (
    now_or_default,
)


def find_conflicts(
    *, forum: Forum, proposal_ids: list[int] | None = None
) -> dict[tuple[int, int], tuple[str, str]]:
    """(proposal id, reviewer id) -> (source, reason) for every automatic conflict.

    A MAG member conflicts with a proposal they organise or speak in (matched by account or by
    email address) or whose organizers or people share their organisation: the rule of
    :func:`sessions.rules.review.conflict_q`, which every reader asks (it holds before a run
    records the pair); this batch form records the pairs with their reasons."""
    reviewers = list(mag_members(forum).select_related(None).only("id", "email", "organisation"))
    by_email = {r.email.lower(): r for r in reviewers}
    by_id = {r.id: r for r in reviewers}
    by_org: dict[str, list[User]] = defaultdict(list)
    for r in reviewers:
        if norm_org(r.organisation):
            by_org[norm_org(r.organisation)].append(r)
    proposals = eligible_proposals(forum)
    if proposal_ids is not None:
        proposals = proposals.filter(pk__in=proposal_ids)
    found: dict[tuple[int, int], tuple[str, str]] = {}

    def note(proposal_id: int, reviewer: User, source: str, reason: str) -> None:
        # The first reason found is kept; organizer beats speaker beats organisation.
        found.setdefault((proposal_id, reviewer.id), (source, reason))

    for model, source in (
        (ProposalOrganizer, ReviewConflict.Source.ORGANIZER),
        (ProposalPerson, ReviewConflict.Source.SPEAKER),
    ):
        rows = model.objects.filter(proposal__in=proposals).values_list(
            "proposal_id", "user_id", "email", "name"
        )
        for proposal_id, user_id, email, name in rows:
            reviewer = by_id.get(user_id) or by_email.get((email or "").lower())
            if reviewer is not None:
                what = "organizer" if source == ReviewConflict.Source.ORGANIZER else "speaker"
                note(proposal_id, reviewer, source, f"Named as {what} ({name}).")
    for model in (ProposalOrganizer, ProposalPerson):
        rows = model.objects.filter(proposal__in=proposals).exclude(organisation="")
        for proposal_id, organisation in rows.values_list("proposal_id", "organisation"):
            for reviewer in by_org.get(norm_org(organisation), ()):
                note(
                    proposal_id,
                    reviewer,
                    ReviewConflict.Source.ORGANISATION,
                    f"Same organisation: {organisation}.",
                )
    return found


@transaction.atomic
def conflicts_detect(*, forum: Forum, now: dt.datetime | None = None) -> int:
    """Record the automatic conflicts not recorded yet and take those proposals off the
    reviewers' lists (their reviews go too). Returns how many conflicts are new."""
    now = now_or_default(now)
    found = find_conflicts(forum=forum)
    known = set(
        ReviewConflict.objects.filter(proposal__forum=forum).values_list(
            "proposal_id", "reviewer_id"
        )
    )
    new = [
        ReviewConflict(proposal_id=p, reviewer_id=r, source=source, reason=reason, created_at=now)
        for (p, r), (source, reason) in sorted(found.items())
        if (p, r) not in known
    ]
    ReviewConflict.objects.bulk_create(new)
    for conflict in new:
        drop_pair(conflict.proposal_id, conflict.reviewer_id)
    return len(new)


def drop_pair(proposal_id: int, reviewer_id: int) -> None:
    ReviewAssignment.objects.filter(proposal_id=proposal_id, reviewer_id=reviewer_id).delete()
    Review.objects.filter(proposal_id=proposal_id, reviewer_id=reviewer_id).delete()
