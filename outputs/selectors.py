"""Reads of the outputs app: the approved reports a compilation draws on (streamed in chunks,
never all in memory), the statistics of the chair's summary, and what the pages show."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.http import Http404

from forum.models import Forum, WSISActionLine
from outputs.models import CommentRound, Compilation, CompilationBuild
from registration.selectors.statistics import registration_statistics
from reports.models import SessionReport
from reports.selectors import approved_reports_queryset
from sessions.models import Session

#: Reports are read this many at a time.
CHUNK = 50
#: Session types whose sessions the chair's summary lists as main sessions.
MAIN_SESSION_TYPES = ("main-session", "high-level-dialogue", "high-level", "ceremony")


def approved_reports(*, forum: Forum) -> QuerySet[SessionReport]:
    """The forum's approved reports, by the reports app's one rule (its selector); each reader
    below orders them its own way and reads only the columns it prints."""
    return approved_reports_queryset(forum=forum).order_by()


@dataclass(frozen=True)
class ReportRow:
    """The few fields of one report that a compilation prints."""

    session_id: int
    title: str
    theme_id: int | None
    theme: str
    subtheme_id: int | None
    subtheme: str
    takeaways: list
    calls: list
    summary: str
    discussion: str
    way_forward: str


FIELDS = (
    "session_id",
    "session__title",
    "session__theme_id",
    "session__theme__name",
    "session__subtheme_id",
    "session__subtheme__name",
    "key_takeaways",
    "calls_to_action",
    "presentations_summary",
    "discussion",
    "way_forward",
)


def _rows(qs: QuerySet[SessionReport], order: list[str]) -> Iterator[ReportRow]:
    """One row per session: the full report where approved (it carries the short report's
    points too), else the short one. ``values_list().iterator()`` reads CHUNK rows at a time."""
    last = None
    for values in (
        qs.order_by(*order, "session_id", "kind").values_list(*FIELDS).iterator(chunk_size=CHUNK)
    ):
        if values[0] == last:
            continue  # the short report of a session whose full report came first
        last = values[0]
        yield ReportRow(
            session_id=values[0],
            title=values[1],
            theme_id=values[2],
            theme=values[3] or "",
            subtheme_id=values[4],
            subtheme=values[5] or "",
            takeaways=list(values[6] or []),
            calls=list(values[7] or []),
            summary=values[8],
            discussion=values[9],
            way_forward=values[10],
        )


def reports_by_theme(*, forum: Forum) -> Iterator[ReportRow]:
    """Approved reports ordered by theme, sub-theme and session (themeless ones last)."""
    return _rows(
        approved_reports(forum=forum),
        [
            "session__theme__position",
            "session__theme_id",
            "session__subtheme__position",
            "session__subtheme_id",
        ],
    )


def reports_for_action_line(*, forum: Forum, line: WSISActionLine | None) -> Iterator[ReportRow]:
    """Approved reports of sessions whose proposal names ``line`` (None: names no line)."""
    qs = approved_reports(forum=forum)
    if line is None:
        qs = qs.exclude(session__proposal__wsis_action_lines__isnull=False)
    else:
        qs = qs.filter(session__proposal__wsis_action_lines=line)
    return _rows(qs, [])


def reports_of_main_sessions(*, forum: Forum) -> Iterator[ReportRow]:
    return _rows(
        approved_reports(forum=forum).filter(session__session_type__code__in=MAIN_SESSION_TYPES),
        ["session__starts_at"],
    )


def inputs_summary(*, forum: Forum) -> tuple[int, object]:
    """(reports a build reads, their latest ``updated_at``)."""
    found = approved_reports(forum=forum).aggregate(n=Count("pk"), latest=Max("updated_at"))
    return found["n"], found["latest"]


def action_line_counts(*, forum: Forum) -> dict[int | None, int]:
    """Approved reports per action line id (None: sessions naming none): for progress."""
    qs = approved_reports(forum=forum)
    counts = dict(
        qs.filter(session__proposal__wsis_action_lines__isnull=False)
        .values_list("session__proposal__wsis_action_lines")
        .annotate(n=Count("session_id", distinct=True))
        .order_by()
    )
    counts[None] = (
        qs.exclude(session__proposal__wsis_action_lines__isnull=False)
        .values("session_id")
        .distinct()
        .count()
    )
    return counts


@dataclass
class SummaryStatistics:
    sessions: int
    sessions_by_type: list[tuple[str, int, None]]
    reported: dict
    registrations: object
    hubs: int
    hub_countries: int
    countries: int


def chair_summary_statistics(*, forum: Forum) -> SummaryStatistics:
    """The figures of the chair's summary: sessions, reported participation, registrations by
    stakeholder group, region and gender (the public rule: groups under five hidden), hubs and
    countries. Every figure is one aggregate query."""
    from remote_hubs.models import Hub

    sessions = Session.objects.filter(forum=forum, is_cancelled=False)
    by_type = [
        (name, n, None)
        for name, n in sessions.values_list("session_type__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "session_type__name")
    ]
    reported = (
        approved_reports(forum=forum)
        .filter(kind=SessionReport.Kind.FULL)
        .aggregate(
            onsite=Sum("participants_onsite"),
            online=Sum("participants_online"),
            hubs=Sum("participants_hubs"),
            women=Sum("participants_women"),
            gender=Count("pk", filter=Q(gender_discussed=True)),
        )
    )
    stats = registration_statistics(forum=forum, public=True)
    hubs = Hub.objects.filter(forum=forum, status=Hub.Status.APPROVED)
    countries = (
        forum.registrations.exclude(user__country="")
        .filter(status__in=("pending", "approved"))
        .values("user__country")
        .distinct()
        .count()
    )
    return SummaryStatistics(
        sessions=sessions.count(),
        sessions_by_type=by_type,
        reported={k: v or 0 for k, v in reported.items()},
        registrations=stats,
        hubs=hubs.count(),
        hub_countries=hubs.values("country").distinct().count(),
        countries=countries,
    )


# --- Pages ---------------------------------------------------------------------------------------


def compilations_of(*, forum: Forum) -> list[Compilation]:
    return list(Compilation.objects.filter(forum=forum).order_by("kind"))


def compilation_for(*, forum: Forum, compilation_id: int) -> Compilation:
    compilation = Compilation.objects.filter(forum=forum, pk=compilation_id).first()
    if compilation is None:
        raise Http404("No such compilation.")
    return compilation


def build_for(*, compilation: Compilation, build_id: int) -> CompilationBuild:
    build = compilation.builds.filter(pk=build_id).first()
    if build is None:
        raise Http404("No such build.")
    return build


def published_build(*, compilation: Compilation) -> CompilationBuild | None:
    return (
        compilation.builds.filter(status=CompilationBuild.Status.DONE, published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .first()
    )


def open_rounds(*, forum: Forum, now=None) -> QuerySet[CommentRound]:
    from django.utils import timezone

    now = now or timezone.now()
    return CommentRound.objects.filter(
        build__compilation__forum=forum, opens_at__lte=now, closes_at__gt=now
    ).select_related("build__compilation")


def current_round(*, compilation: Compilation) -> CommentRound | None:
    return (
        CommentRound.objects.filter(build__compilation=compilation)
        .select_related("build")
        .order_by("-opens_at", "-pk")
        .first()
    )


def forum_outputs_section(*, forum: Forum, viewer) -> dict | None:
    """The forum page's section: the secretariat's link, the drafts open for comments (to the
    participants who may comment) and the published finals (to anyone who sees the forum)."""
    from outputs.rules import can_manage_compilations, may_comment

    manage = can_manage_compilations.test(viewer, forum)
    published = list(
        CompilationBuild.objects.filter(
            compilation__forum=forum,
            status=CompilationBuild.Status.DONE,
            published_at__isnull=False,
        )
        .select_related("compilation")
        .order_by("compilation__kind", "-published_at", "-pk")
    )
    finals, seen = [], set()
    for build in published:
        if build.compilation.kind not in seen:
            seen.add(build.compilation.kind)
            finals.append(build)
    drafts = list(open_rounds(forum=forum)) if (manage or may_comment.test(viewer, forum)) else []
    if not (manage or finals or drafts):
        return None
    return {"manage": manage, "finals": finals, "drafts": drafts}
