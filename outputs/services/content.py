"""What each compilation says, written block by block to the writers while the approved reports
stream past (a chunk at a time). Paragraph ids come from what they are about (a session and the
point's place in its report, a theme, an action line), so they stay the same from one version to
the next and a comment keeps pointing at its paragraph."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from forum.models import Forum, Theme, WSISActionLine
from outputs.models import Compilation
from outputs.selectors import (
    ReportRow,
    action_line_counts,
    chair_summary_statistics,
    reports_by_theme,
    reports_for_action_line,
    reports_of_main_sessions,
)


def session_url(forum: Forum, session_id: int) -> str:
    path = reverse("programme_session", kwargs={"slug": forum.slug, "session_id": session_id})
    return (settings.SITE_URL or "").rstrip("/") + path


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]


def _points(out, forum: Forum, row: ReportRow) -> None:
    href, link = session_url(forum, row.session_id), row.title
    if row.takeaways:
        out.paragraph(f"p-s{row.session_id}-kt", _("Key takeaways"))
        for n, text in enumerate(row.takeaways, 1):
            out.item(f"p-s{row.session_id}-kt{n}", str(text), href=href, link=link)
    if row.calls:
        out.paragraph(f"p-s{row.session_id}-ca", _("Calls to action"))
        for n, text in enumerate(row.calls, 1):
            out.item(f"p-s{row.session_id}-ca{n}", str(text), href=href, link=link)


def write_messages(out, *, compilation: Compilation, tick: Callable[[], None]) -> None:
    """Approved takeaways and calls to action by theme and sub-theme, each linking back to its
    session, with the secretariat's synthesis at the head of each theme."""
    forum = compilation.forum
    syntheses = dict(compilation.syntheses.values_list("theme_id", "text"))
    theme, subtheme = object(), object()
    for row in reports_by_theme(forum=forum):
        if row.theme_id != theme:
            theme, subtheme = row.theme_id, object()
            name = row.theme or _("Other sessions")
            out.heading(2, name, f"theme-{row.theme_id or 'none'}")
            for n, text in enumerate(_paragraphs(syntheses.get(row.theme_id, "")), 1):
                out.paragraph(f"p-theme{row.theme_id}-syn{n}", text)
        if row.subtheme_id != subtheme:
            subtheme = row.subtheme_id
            if row.subtheme_id:
                out.heading(3, row.subtheme, f"subtheme-{row.subtheme_id}")
        out.heading(4, row.title, f"session-{row.session_id}")
        _points(out, forum, row)
        tick()


def _summary(out, forum: Forum, row: ReportRow, prefix: str) -> None:
    href = session_url(forum, row.session_id)
    texts = [
        *_paragraphs(row.summary),
        *_paragraphs(row.discussion),
        *_paragraphs(row.way_forward),
    ]
    if not texts:
        texts = [str(t) for t in row.takeaways]
    for n, text in enumerate(texts, 1):
        out.paragraph(
            f"p-{prefix}-s{row.session_id}-{n}", text, href=href if n == 1 else "", link=row.title
        )


def write_wsis_outcome(out, *, compilation: Compilation, tick: Callable[[], None]) -> None:
    """Session summaries grouped by WSIS action line C1-C11 (a session under each line it
    names), then those naming none."""
    forum = compilation.forum
    for line in [*WSISActionLine.objects.order_by("number"), None]:
        title = f"{line.code} {line.title}" if line else _("Sessions not linked to an action line")
        anchor = f"line-{line.code}" if line else "line-none"
        prefix = line.code if line else "none"
        wrote_heading = False
        for row in reports_for_action_line(forum=forum, line=line):
            if not wrote_heading:
                out.heading(2, title, anchor)
                wrote_heading = True
            out.heading(3, row.title, f"{anchor}-session-{row.session_id}")
            _summary(out, forum, row, prefix)
            tick()


def write_chair_summary(out, *, compilation: Compilation, tick: Callable[[], None]) -> None:
    """The skeleton of the chair's summary: themes, main sessions and the statistics."""
    forum = compilation.forum
    out.heading(2, _("Themes"), "themes")
    for theme in Theme.objects.filter(forum=forum, parent=None).prefetch_related("subthemes"):
        out.paragraph(f"p-theme{theme.pk}", theme.name)
        for sub in theme.subthemes.all():
            out.item(f"p-theme{theme.pk}-sub{sub.pk}", sub.name)
    out.heading(2, _("Main sessions"), "main-sessions")
    for row in reports_of_main_sessions(forum=forum):
        out.heading(3, row.title, f"main-session-{row.session_id}")
        _points(out, forum, row)
        tick()
    stats = chair_summary_statistics(forum=forum)
    out.heading(2, _("Statistics"), "statistics")
    out.heading(3, _("Sessions"), "stats-sessions")
    out.paragraph("p-stats-sessions", _("%(n)d sessions were held.") % {"n": stats.sessions})
    rows = [(label, n) for label, n, _a in stats.sessions_by_type]
    out.table(
        "sessions", _("Sessions by type"), [_("Type"), _("Sessions")], [list(r) for r in rows]
    )
    out.chart("sessions", _("Sessions by type"), rows)
    reported = stats.reported
    out.table(
        "reported",
        _("Participation reported by the sessions"),
        [_("Where"), _("People")],
        [
            [_("Onsite"), reported["onsite"]],
            [_("Online"), reported["online"]],
            [_("At remote hubs"), reported["hubs"]],
            [_("Of whom women"), reported["women"]],
            [_("Sessions that discussed gender"), reported["gender"]],
        ],
    )
    registrations = stats.registrations
    out.heading(3, _("Participants"), "stats-participants")
    out.paragraph(
        "p-stats-participants",
        _("%(total)d people registered from %(countries)d countries.")
        % {"total": registrations.total, "countries": stats.countries},
    )
    for breakdown in registrations.breakdowns:
        if breakdown.key not in ("stakeholder", "region", "gender", "country"):
            continue
        rows = [(label, n) for label, n, _a in breakdown.rows]
        if breakdown.key == "country":
            rows = rows[:20]
        out.heading(4, str(breakdown.title), f"stats-{breakdown.key}")
        out.table(
            breakdown.key,
            str(breakdown.title),
            [_("Group"), _("Registrations")],
            [list(r) for r in rows],
        )
        if rows and breakdown.key != "country":
            out.chart(breakdown.key, str(breakdown.title), rows)
        if breakdown.hidden_groups:
            out.paragraph(
                f"p-stats-{breakdown.key}-hidden",
                _("Groups of fewer than five people are not shown (%(n)d).")
                % {"n": breakdown.hidden_groups},
            )
    out.heading(3, _("Remote hubs"), "stats-hubs")
    out.paragraph(
        "p-stats-hubs",
        _("%(hubs)d remote hubs in %(countries)d countries followed the forum.")
        % {"hubs": stats.hubs, "countries": stats.hub_countries},
    )


WRITERS = {
    Compilation.Kind.MESSAGES: write_messages,
    Compilation.Kind.CHAIR_SUMMARY: write_chair_summary,
    Compilation.Kind.WSIS_OUTCOME: write_wsis_outcome,
}


def expected_ticks(compilation: Compilation) -> int:
    """How many times the writer will tick, for the progress bar."""
    if compilation.kind == Compilation.Kind.WSIS_OUTCOME:
        return max(1, sum(action_line_counts(forum=compilation.forum).values()))
    if compilation.kind == Compilation.Kind.CHAIR_SUMMARY:
        from outputs.selectors import MAIN_SESSION_TYPES, approved_reports

        return max(
            1,
            approved_reports(forum=compilation.forum)
            .filter(session__session_type__code__in=MAIN_SESSION_TYPES)
            .values("session_id")
            .distinct()
            .count(),
        )
    from outputs.selectors import approved_reports

    return max(1, approved_reports(forum=compilation.forum).values("session_id").distinct().count())
