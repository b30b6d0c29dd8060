"""Predicates for the review stage.

A conflict of interest beats every role: a MAG member (or secretariat member) with a conflict on a
proposal can neither review it nor see its reviews, scores or rank, whatever the page or API.
"""

from __future__ import annotations

import rules
from django.db.models import CharField, Exists, Func, OuterRef, Q

from forum.rules import is_active_user, is_mag_member, is_secretariat, roles_of
from sessions.rules.proposals import is_proposal_organizer


def norm_org(value: str) -> str:
    """An organisation as the conflict rule compares it: lower case, spaces collapsed (the same
    normalisation as :class:`NormalisedOrganisation` does in SQL)."""
    return " ".join((value or "").lower().split())


class NormalisedOrganisation(Func):
    """``norm_org`` in SQL: lower case, runs of white space made one space, trimmed."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):
        inner, params = compiler.compile(self.source_expressions[0])
        return f"LOWER(BTRIM(REGEXP_REPLACE({inner}, '\\s+', ' ', 'g')))", params

    def as_sqlite(self, compiler, connection, **extra):
        inner, params = compiler.compile(self.source_expressions[0])
        for char in ("char(9)", "char(10)", "char(13)"):
            inner = f"REPLACE({inner}, {char}, ' ')"
        for _ in range(6):  # each pass halves the runs of spaces: enough for 64
            inner = f"REPLACE({inner}, '  ', ' ')"
        return f"LOWER(TRIM({inner}))", params


def _people_matching(model, user):
    """The rows of ``model`` (organizers or people of proposals) that name ``user``: by account,
    by email address, or by the same organisation."""
    matches = Q(user=user)
    if user.email:
        matches |= Q(email__iexact=user.email)
    rows = model.objects.all()
    organisation = norm_org(user.organisation)
    if organisation:
        rows = rows.annotate(_org=NormalisedOrganisation("organisation"))
        matches |= Q(_org=organisation)
    return rows.filter(matches)


def conflict_q(user, path: str = "", *, mag_member: bool | None = None) -> Q:
    """The queryset form of :func:`is_conflicted`: a ``Q`` true for the rows whose proposal
    (reached from the queryset's model by ``path``, "" for proposals themselves) the user has a
    conflict of interest with. Use it as ``.exclude(conflict_q(viewer, "proposal"))`` or inside
    an annotation: one query for a whole list.

    A conflict is either recorded (declared by the member, or stored by an assignment run) or
    true of the live data, whether or not a run has recorded it yet: a MAG member of the
    proposal's forum named as one of its organizers or people (by account or by email address),
    or from the same organisation as one of them. ``mag_member`` says whether the user is a MAG
    member of the proposals' forum when the caller knows (one forum), saving that subquery."""
    from forum.models import ForumRole
    from sessions.models import ProposalOrganizer, ProposalPerson, ReviewConflict

    if not is_active_user(user):
        return Q(pk__in=[])
    proposal_ref = OuterRef(path or "pk")
    recorded = Q(Exists(ReviewConflict.objects.filter(proposal=proposal_ref, reviewer=user)))
    if mag_member is False:
        return recorded
    automatic = Q(pk__in=[])
    for model in (ProposalOrganizer, ProposalPerson):
        automatic |= Q(Exists(_people_matching(model, user).filter(proposal=proposal_ref)))
    if mag_member is None:
        forum_ref = OuterRef(f"{path}__forum_id" if path else "forum_id")
        automatic &= Q(
            Exists(
                ForumRole.objects.filter(
                    forum_id=forum_ref, user=user, role=ForumRole.Role.MAG_MEMBER
                )
            )
        )
    return recorded | automatic


@rules.predicate
def is_conflicted(user, proposal) -> bool:
    """The one conflict-of-interest rule, asked of one proposal (the same rows as
    :func:`conflict_q`, in plain queries: cheaper for one proposal than the list form)."""
    if not is_active_user(user) or proposal is None:
        return False
    from forum.models import Forum, ForumRole
    from sessions.models import ProposalOrganizer, ProposalPerson, ReviewConflict

    if ReviewConflict.objects.filter(proposal_id=proposal.pk, reviewer=user).exists():
        return True
    # The user's roles are cached for the request: no need to ask the database again.
    if ForumRole.Role.MAG_MEMBER not in roles_of(user, Forum(pk=proposal.forum_id)):
        return False
    return any(
        _people_matching(model, user).filter(proposal_id=proposal.pk).exists()
        for model in (ProposalOrganizer, ProposalPerson)
    )


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
