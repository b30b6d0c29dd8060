"""Reads of the proposals stage that views share. Each takes the acting user and returns only what
that user may see (404 otherwise), with the joins that keep query counts flat."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Func, IntegerField, Prefetch, Q, QuerySet
from django.http import Http404

from forum import regions
from forum.models import Forum
from sessions.models import Proposal, ProposalOrganizer, ProposalPerson
from sessions.rules import review as review_rules
from sessions.rules.proposals import (
    can_screen_proposals,
    can_view_proposal,
    is_proposal_organizer,
)


class JSONArrayLength(Func):
    """How many items a JSON list holds (PostgreSQL; SQLite in embedded mode)."""

    function = "jsonb_array_length"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="json_array_length", **extra)


def _with_people(qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return qs.select_related("session_type", "theme", "subtheme", "forum").prefetch_related(
        Prefetch(
            "organizers",
            queryset=ProposalOrganizer.objects.select_related("stakeholder_group"),
        ),
        Prefetch("people", queryset=ProposalPerson.objects.select_related("stakeholder_group")),
        "policy_questions",
    )


def proposals_of_organizer(*, forum: Forum, viewer) -> QuerySet[Proposal]:
    """The proposals ``viewer`` organises in ``forum`` (created or named as co-organizer)."""
    if not viewer.is_authenticated:
        return Proposal.objects.none()
    ids = ProposalOrganizer.objects.filter(user=viewer, proposal__forum=forum).values("proposal_id")
    qs = Proposal.objects.filter(forum=forum).filter(Q(created_by=viewer) | Q(pk__in=ids))
    return (
        qs.select_related("session_type", "forum")
        .prefetch_related(
            Prefetch(
                "people",
                queryset=ProposalPerson.objects.only(
                    "pk", "proposal_id", "role", "confirmation", "name"
                ),
            )
        )
        .order_by("-updated_at", "-pk")
    )


#: Why a proposal is fetched -> (the predicate the viewer must pass, what the 404 says).
PURPOSES = {
    "organize": (is_proposal_organizer, "No such proposal."),
    "view": (can_view_proposal, "No such proposal."),
    "review": (review_rules.can_review_proposal, "No such proposal on your list."),
    "declare_conflict": (review_rules.can_declare_conflict, "No such proposal."),
    "decide": (review_rules.can_decide_proposal, "No such proposal."),
}


def _proposal_query(forum: Forum, pk: int, purpose: str) -> QuerySet[Proposal]:
    qs = Proposal.objects.filter(forum=forum, pk=pk)
    if purpose == "organize":
        return _with_people(qs)
    if purpose == "view":
        return _with_people(qs).prefetch_related("sdgs", "wsis_action_lines")
    if purpose == "declare_conflict":
        return qs.select_related("forum")
    return qs.select_related("forum", "session_type", "theme", "subtheme").prefetch_related(
        "policy_questions", "organizers", "people"
    )


def proposal_for(*, forum: Forum, viewer, pk: int, purpose: str) -> Proposal:
    """The proposal ``pk`` of ``forum`` if the viewer may have it for ``purpose`` (one of
    :data:`PURPOSES`: organize, view, review, declare_conflict, decide), with the joins that
    purpose's page needs; 404 otherwise (never tell others it exists)."""
    predicate, message = PURPOSES[purpose]
    proposal = _proposal_query(forum, pk, purpose).first()
    if proposal is None or not predicate.test(viewer, proposal):
        raise Http404(message)
    return proposal


def person_for_token(*, forum: Forum, token) -> ProposalPerson:
    """The person whose confirmation link this is; the token is the credential."""
    person = (
        ProposalPerson.objects.select_related(
            "proposal", "proposal__forum", "proposal__session_type"
        )
        .filter(confirmation_token=token, proposal__forum=forum)
        .exclude(proposal__status=Proposal.Status.WITHDRAWN)
        .first()
    )
    if person is None:
        raise Http404
    return person


@dataclass
class ScreeningFilters:
    session_type: int | None = None
    theme: int | None = None
    status: str = ""
    eligibility: str = ""
    region: str = ""
    stakeholder_group: int | None = None
    criteria: str = ""  # "met", "failed" or a criterion code that failed
    q: str = ""
    sort: str = "-submitted_at"


SORTS = {
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
    "submitted_at": ("submitted_at", "pk"),
    "-submitted_at": ("-submitted_at", "-pk"),
    "type": ("session_type__position", "session_type__name", "pk"),
    "failed": ("failed_count", "pk"),
    "-failed": ("-failed_count", "-pk"),
}


def proposals_for_screening(
    *, forum: Forum, viewer, filters: ScreeningFilters
) -> QuerySet[Proposal]:
    """The forum's proposals as the secretariat screens them: drafts left out unless asked for."""
    if not can_screen_proposals.test(viewer, forum):
        raise Http404
    qs = Proposal.objects.filter(forum=forum)
    if filters.status:
        qs = qs.filter(status=filters.status)
    else:
        qs = qs.exclude(status=Proposal.Status.DRAFT)
    if filters.session_type:
        qs = qs.filter(session_type_id=filters.session_type)
    if filters.theme:
        qs = qs.filter(Q(theme_id=filters.theme) | Q(subtheme_id=filters.theme))
    if filters.eligibility:
        qs = qs.filter(eligibility=filters.eligibility)
    primary = ProposalOrganizer.objects.filter(is_primary=True)
    if filters.region:
        # The region of the first organizer, by the one rule (IGO staff form their own group).
        organizers = regions.annotate_regional_group(primary).filter(
            regional_group_code=filters.region
        )
        qs = qs.filter(pk__in=organizers.values("proposal_id"))
    if filters.stakeholder_group:
        qs = qs.filter(
            pk__in=primary.filter(stakeholder_group_id=filters.stakeholder_group).values(
                "proposal_id"
            )
        )
    if filters.criteria == "met":
        qs = qs.filter(criteria_failed=[])
    elif filters.criteria == "failed":
        qs = qs.exclude(criteria_failed=[])
    elif filters.criteria:
        qs = qs.filter(criteria_failed__contains=[filters.criteria])
    if filters.q:
        term = filters.q.strip()[:200]
        text = Q(title__icontains=term) | Q(description__icontains=term)
        text |= Q(
            pk__in=ProposalOrganizer.objects.filter(
                Q(name__icontains=term) | Q(organisation__icontains=term)
            ).values("proposal_id")
        )
        text |= Q(
            pk__in=ProposalPerson.objects.filter(
                Q(name__icontains=term) | Q(organisation__icontains=term)
            ).values("proposal_id")
        )
        if term.isdigit():
            # A number is a proposal number (or part of a title), not any name containing it.
            text = Q(pk=int(term)) | Q(title__icontains=term)
        qs = qs.filter(text)
    qs = qs.annotate(failed_count=JSONArrayLength("criteria_failed"))
    return (
        qs.select_related("session_type", "theme", "subtheme")
        .prefetch_related(
            Prefetch(
                "organizers",
                queryset=ProposalOrganizer.objects.filter(is_primary=True).select_related(
                    "stakeholder_group"
                ),
                to_attr="primary_organizers",
            ),
        )
        .annotate(
            speaker_count=Count(
                "people", filter=Q(people__role=ProposalPerson.Role.SPEAKER), distinct=True
            )
        )
        .order_by(*SORTS.get(filters.sort, SORTS["-submitted_at"]))
    )
