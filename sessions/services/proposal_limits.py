"""The call's limits on how many proposals a person, an institution and a speaker take part in,
counted over the other submitted proposals of the forum."""

from __future__ import annotations

from django.db.models import Count, Q
from django.db.models.functions import Lower, Trim
from django.utils.translation import ngettext

from forum.models import Forum, User
from sessions.models import (
    CallForProposals,
    Proposal,
    ProposalOrganizer,
    ProposalPerson,
)
from sessions.services.proposal_input import (
    Errors,
    ProposalInput,
)


def _other_submitted_proposals(forum: Forum, proposal: Proposal | None):
    qs = Proposal.objects.filter(forum=forum, status=Proposal.Status.SUBMITTED)
    if proposal is not None and proposal.pk:
        qs = qs.exclude(pk=proposal.pk)
    return qs


def _proposal_counts(rows, key: str) -> dict[str, int]:
    """{value of ``key``: number of distinct proposals} from rows of a person-like model."""
    return dict(
        rows.order_by()
        .values(key)
        .annotate(n=Count("proposal_id", distinct=True))
        .values_list(key, "n")
    )


def check_limits(
    *,
    forum: Forum,
    call: CallForProposals,
    data: ProposalInput,
    by: User,
    proposal: Proposal | None,
    errors: Errors,
) -> None:
    """The call's limits, each counted among the other submitted proposals of the forum (drafts
    and withdrawn proposals do not count). One query per limit, whatever the number of people."""
    others = _other_submitted_proposals(forum, proposal)
    if call.max_proposals_per_person is not None:
        _check_person_limit(call.max_proposals_per_person, others, data, by, errors)
    if call.max_proposals_per_institution is not None:
        _check_institution_limit(call.max_proposals_per_institution, others, data, errors)
    if call.max_sessions_per_speaker is not None:
        _check_speaker_limit(call.max_sessions_per_speaker, others, data, errors)


def proposals_organised_by(*, forum: Forum, by: User, proposal: Proposal | None = None) -> int:
    """How many submitted proposals of the forum (other than ``proposal``) ``by`` organises: what
    the per-person limit counts, also told at the top of the proposal form."""
    others = _other_submitted_proposals(forum, proposal)
    return _organised_by(others, by)


def _organised_by(others, by: User) -> int:
    return others.filter(Q(created_by=by) | Q(organizers__user=by)).distinct().count()


def _check_person_limit(limit: int, others, data: ProposalInput, by: User, errors: Errors) -> None:
    """How many proposals the submitter, and each organizer named by email, already organise."""
    other_ids = others.values("pk")
    mine = _organised_by(others, by)
    if mine >= limit:
        errors.add(
            "__all__",
            ngettext(
                "You already organise %(count)s submitted proposal; a person may organise at most %(limit)s.",
                "You already organise %(count)s submitted proposals; a person may organise at most %(limit)s.",
                mine,
            )
            % {"count": mine, "limit": limit},
        )
    emails = {o.email.strip().lower() for o in data.organizers if o.email.strip()} - {
        by.email.lower()
    }
    counts = (
        _proposal_counts(
            ProposalOrganizer.objects.filter(proposal__in=other_ids, email__in=emails),
            "email",
        )
        if emails
        else {}
    )
    for index, organizer in enumerate(data.organizers):
        count = counts.get(organizer.email.strip().lower(), 0)
        if count >= limit:
            errors.add(
                f"{organizer.key or f'organizers-{index}'}-email",
                ngettext(
                    "This organizer already organises %(count)s submitted proposal, the most allowed.",
                    "This organizer already organises %(count)s submitted proposals, the most allowed.",
                    count,
                )
                % {"count": count},
            )


def _check_institution_limit(limit: int, others, data: ProposalInput, errors: Errors) -> None:
    """How many proposals each organizer's institution already organises."""
    other_ids = others.values("pk")
    names = {o.organisation.strip().lower() for o in data.organizers if o.organisation.strip()}
    counts = (
        _proposal_counts(
            ProposalOrganizer.objects.filter(proposal__in=other_ids)
            .annotate(institution=Lower(Trim("organisation")))
            .filter(institution__in=names),
            "institution",
        )
        if names
        else {}
    )
    seen = set()
    for index, organizer in enumerate(data.organizers):
        institution = organizer.organisation.strip().lower()
        if not institution or institution in seen:
            continue
        seen.add(institution)
        count = counts.get(institution, 0)
        if count >= limit:
            errors.add(
                f"{organizer.key or f'organizers-{index}'}-organisation",
                ngettext(
                    "%(institution)s already organises %(count)s submitted proposal; an institution may organise at most %(limit)s.",
                    "%(institution)s already organises %(count)s submitted proposals; an institution may organise at most %(limit)s.",
                    count,
                )
                % {
                    "institution": organizer.organisation.strip(),
                    "count": count,
                    "limit": limit,
                },
            )


def _check_speaker_limit(limit: int, others, data: ProposalInput, errors: Errors) -> None:
    """How many proposals each speaker (named by email, not declined) is already in."""
    other_ids = others.values("pk")
    speakers = [p for p in data.people if p.role == ProposalPerson.Role.SPEAKER]
    emails = {p.email.strip().lower() for p in speakers if p.email.strip()}
    counts = (
        _proposal_counts(
            ProposalPerson.objects.filter(
                proposal__in=other_ids, role=ProposalPerson.Role.SPEAKER, email__in=emails
            ).exclude(confirmation=ProposalPerson.Confirmation.DECLINED),
            "email",
        )
        if emails
        else {}
    )
    for index, person in enumerate(data.people):
        email = person.email.strip().lower()
        if person.role != ProposalPerson.Role.SPEAKER or not email:
            continue
        count = counts.get(email, 0)
        if count >= limit:
            errors.add(
                f"{person.key or f'people-{index}'}-email",
                ngettext(
                    "This speaker is already in %(count)s submitted proposal; a speaker may be in at most %(limit)s.",
                    "This speaker is already in %(count)s submitted proposals; a speaker may be in at most %(limit)s.",
                    count,
                )
                % {"count": count, "limit": limit},
            )
