"""Building blocks for the review tests: a forum with a MAG, eligible proposals, reviews."""

from __future__ import annotations

import datetime as dt

from forum.models import ForumRole, StakeholderGroup
from sessions.models import Proposal, ReviewAssignment
from sessions.services import review as review_services
from sessions.services.review import ScoreInput
from tests.factories import ForumFactory, UserFactory, grant
from tests.sessions.factories import ProposalFactory

NOW = dt.datetime(2030, 5, 10, 12, 0, tzinfo=dt.UTC)
GROUPS = [
    StakeholderGroup.GOVERNMENT,
    StakeholderGroup.CIVIL_SOCIETY,
    StakeholderGroup.TECHNICAL,
    StakeholderGroup.PRIVATE_SECTOR,
    StakeholderGroup.INTERGOVERNMENTAL,
]


def group(code: str) -> StakeholderGroup:
    return StakeholderGroup.objects.get(code=code)


def make_forum(**kwargs):
    forum = ForumFactory(**kwargs)
    review_services.review_setup_defaults(forum=forum)
    return forum


def make_secretariat(forum, **kwargs):
    user = UserFactory(organisation="IGF Secretariat", **kwargs)
    grant(user, forum, ForumRole.Role.SECRETARIAT)
    return user


def make_mag(forum, n: int, *, groups=GROUPS, prefix: str = "mag"):
    members = []
    for i in range(n):
        user = UserFactory(
            email=f"{prefix}{i}-{forum.slug}@example.org",
            name=f"MAG {prefix} {i}",
            organisation=f"MAG organisation {prefix} {i}",
            stakeholder_group=group(groups[i % len(groups)]),
        )
        grant(user, forum, ForumRole.Role.MAG_MEMBER)
        members.append(user)
    return members


def make_proposals(forum, n: int, **kwargs) -> list[Proposal]:
    kwargs.setdefault("eligibility", Proposal.Eligibility.ELIGIBLE)
    return [ProposalFactory(forum=forum, **kwargs) for _ in range(n)]


def scores_for(forum, value: int, *, reason=True) -> dict[int, ScoreInput]:
    reason_id = forum.low_score_reasons.first().pk
    return {
        c.pk: ScoreInput(
            value=value,
            reason_id=reason_id if reason else None,
            reason_text="Needs sharper questions." if reason else "",
        )
        for c in forum.review_criteria.all()
    }


def assign(proposal, reviewer) -> ReviewAssignment:
    return ReviewAssignment.objects.create(proposal=proposal, reviewer=reviewer)


def submit(proposal, reviewer, value: int, *, comment: str = "", note: str = "", now=NOW):
    return review_services.review_save(
        proposal=proposal,
        reviewer=reviewer,
        scores=scores_for(proposal.forum, value),
        comment_to_organizers=comment,
        note_for_mag=note,
        submit=True,
        now=now,
    )
