"""Reads of session reports, for the reports pages, the API and the compilations (outputs)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q, QuerySet
from django.utils import timezone

from forum.models import Forum
from reports.models import SessionReport
from sessions.models import Proposal, Session

#: How many reports are read per round trip when iterating over a forum's approved reports.
CHUNK_SIZE = 200


def of_held_sessions(qs: QuerySet[SessionReport]) -> QuerySet[SessionReport]:
    """``qs`` without the reports of sessions that did not take place: cancelled sessions and
    sessions whose proposal was withdrawn. What is published and compiled is only what was held
    (a report approved before its session was cancelled stays in the secretariat's list)."""
    return qs.exclude(session__is_cancelled=True).exclude(
        session__proposal__status=Proposal.Status.WITHDRAWN
    )


def approved_reports_queryset(*, forum: Forum) -> QuerySet[SessionReport]:
    """A forum's approved reports of held sessions, with what a compilation needs fetched."""
    return (
        of_held_sessions(
            SessionReport.objects.filter(session__forum=forum, status=SessionReport.Status.APPROVED)
        )
        .select_related(
            "session",
            "session__theme",
            "session__subtheme",
            "session__session_type",
            "session__proposal",
        )
        .prefetch_related(
            "sdgs",
            "session__proposal__sdgs",
            "session__proposal__wsis_action_lines",
        )
        .order_by("session__starts_at", "session__title", "session_id", "kind")
    )


def approved_reports(*, forum: Forum, chunk_size: int = CHUNK_SIZE) -> Iterator[SessionReport]:
    """Iterate over a forum's approved reports in chunks, each with its session, theme,
    subtheme, session type, and the SDGs and WSIS action lines (of the report and of the
    session's proposal) prefetched per chunk."""
    return approved_reports_queryset(forum=forum).iterator(chunk_size=chunk_size)


__all__ = ["CHUNK_SIZE", "approved_reports", "approved_reports_queryset", "of_held_sessions"]


# --- Pages ---------------------------------------------------------------------------------

OPEN_STATUSES = (SessionReport.Status.DRAFT, SessionReport.Status.RETURNED)


def report_for(*, report_id: int, forum: Forum, viewer) -> SessionReport:
    """One report the viewer may see, or 404 (the same answer for missing and forbidden)."""
    from django.http import Http404

    from reports.rules import can_view_report

    report = (
        SessionReport.objects.select_related(
            "session__forum", "session__proposal", "session__room", "reviewed_by"
        )
        .filter(pk=report_id, session__forum=forum)
        .first()
    )
    if report is None or not can_view_report.test(viewer, report):
        raise Http404
    return report


def reports_for_author(*, forum: Forum, viewer) -> list[SessionReport]:
    """The reports of this forum the viewer drafts (as rapporteur or organizer)."""
    from reports.rules import is_report_author

    if not viewer.is_authenticated:
        return []
    candidates = (
        SessionReport.objects.filter(session__forum=forum)
        .filter(
            Q(session__proposal__created_by=viewer)
            | Q(session__proposal__organizers__user=viewer)
            | Q(session__proposal__organizers__email__iexact=viewer.email)
            | Q(session__proposal__people__user=viewer)
            | Q(session__proposal__people__email__iexact=viewer.email)
        )
        .distinct()
        .select_related("session__proposal")
        .order_by("due_at", "pk")
    )
    return [r for r in candidates if is_report_author.test(viewer, r)]


def reports_for_secretariat(
    *, forum: Forum, status: str = "", overdue: bool = False, now=None
) -> QuerySet[SessionReport]:
    now = now or timezone.now()
    qs = SessionReport.objects.filter(session__forum=forum).select_related(
        "session", "session__room"
    )
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, due_at__lt=now)
    return qs.order_by("due_at", "session__title", "kind")


def published_reports(*, session=None, forum: Forum | None = None) -> QuerySet[SessionReport]:
    qs = of_held_sessions(
        SessionReport.objects.filter(
            status=SessionReport.Status.APPROVED, published_at__isnull=False
        )
    ).select_related("session", "session__forum")
    if session is not None:
        qs = qs.filter(session=session)
    if forum is not None:
        qs = qs.filter(session__forum=forum)
    return qs.prefetch_related("sdgs").order_by("session__starts_at", "session_id", "kind")


def previous_edition(*, forum: Forum) -> Forum | None:
    """The last forum of the same kind that ended before this one began."""
    return (
        Forum.objects.filter(kind=forum.kind, end_date__lt=forum.start_date)
        .order_by("-end_date")
        .first()
    )


def overdue_reports_of_organizer(*, proposal, now=None) -> list[SessionReport]:
    """Overdue reports from the previous edition of sessions organized by someone who
    organizes ``proposal`` (matched by account or email)."""
    now = now or timezone.now()
    previous = previous_edition(forum=proposal.forum)
    if previous is None:
        return []
    organizers = list(proposal.organizers.all())
    user_ids = {o.user_id for o in organizers if o.user_id}
    if proposal.created_by_id:
        user_ids.add(proposal.created_by_id)
    emails = {o.email.lower() for o in organizers if o.email}
    match = Q(session__proposal__created_by__in=user_ids) | Q(
        session__proposal__organizers__user__in=user_ids
    )
    for email in emails:
        match |= Q(session__proposal__organizers__email__iexact=email)
    return list(
        SessionReport.objects.filter(
            match,
            session__forum=previous,
            status__in=OPEN_STATUSES,
            due_at__lt=now,
        )
        .select_related("session")
        .distinct()
        .order_by("session__title", "kind")
    )


def api_reports(*, forum_slug: str = "", session_id: int | None = None) -> QuerySet[SessionReport]:
    """Published reports of placed sessions of public forums with a published programme."""
    from sessions.selectors.public_api import public_forums
    from sessions.selectors.public_programme import published_exists

    qs = published_reports().filter(
        session__forum__in=public_forums().filter(published=True).values("pk"),
        session__room__isnull=False,
        session__starts_at__isnull=False,
    )
    qs = qs.filter(session__in=Session.objects.filter(published_exists()).values("pk"))
    if forum_slug:
        qs = qs.filter(session__forum__slug=forum_slug)
    if session_id is not None:
        qs = qs.filter(session_id=session_id)
    return qs
