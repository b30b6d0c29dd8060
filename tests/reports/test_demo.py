"""The demo's reports step: the ended sessions' reports in every state, due by the app's rule, the
approved ones public and compiled; the real GovStack session's real report."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from forum import demo
from outputs.models import Compilation, CompilationBuild
from outputs.services.builds import index_path
from reports import demo as reports_demo
from reports.models import SessionReport
from reports.selectors import api_reports, published_reports
from reports.services.deadlines import due_at_for, report_settings_for
from sessions.demo import seed_records as records
from sessions.models import Session

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 8)


def _scheduled(forum_slugs=("igf-2026", "wsis-forum-2026", "igf-2027")):
    return Session.objects.filter(
        forum__slug__in=forum_slugs, is_cancelled=False, ends_at__isnull=False
    ).select_related("forum")


def _check_reports_follow_the_moment(now: dt.datetime) -> list[SessionReport]:
    """Every scheduled session has its two reports, due by the app's rule; those of a session
    that has not ended are blank drafts. Returns the reports of the ended sessions."""
    reports = list(SessionReport.objects.select_related("session__forum"))
    scheduled = {s.pk: s for s in _scheduled()}
    ended = {pk for pk, s in scheduled.items() if s.ends_at <= now}
    assert ended and set(scheduled) - ended
    assert sorted((r.session_id, r.kind) for r in reports) == sorted(
        (pk, kind) for pk in scheduled for kind in ("full", "short")
    )
    for report in reports:
        settings = report_settings_for(forum=report.session.forum)
        assert report.due_at == due_at_for(
            session=report.session, kind=report.kind, settings=settings
        )
        for moment in (report.submitted_at, report.reviewed_at, report.published_at):
            assert moment is None or report.session.ends_at <= moment <= now
        if report.session_id not in ended:
            assert report.status == "draft" and not report.key_takeaways, report.session.title
            assert not report.presentations_summary and report.submitted_at is None
    return [r for r in reports if r.session_id in ended]


def _check_govstack_report() -> None:
    """The real GovStack session's published reports carry the record's own report (its text,
    from shared/seeds/003_*, is kept in ``sessions.demo.seed_records``)."""
    govstack = Session.objects.get(
        forum__slug="igf-2026", proposal__title__startswith="The GovStack"
    )
    published = {r.kind: r for r in published_reports(session=govstack)}
    assert sorted(published) == ["full", "short"]
    for report in published.values():
        assert report.key_takeaways == list(records.GOVSTACK_KEY_TAKEAWAYS)
        assert report.calls_to_action == list(records.GOVSTACK_CALLS_TO_ACTION)
    full = published["full"]
    assert (full.presentations_summary, full.discussion, full.way_forward) == (
        records.GOVSTACK_REPORT_PRESENTATIONS,
        records.GOVSTACK_REPORT_DISCUSSION,
        records.GOVSTACK_REPORT_WAY_FORWARD,
    )


def test_the_small_demo_reports_on_its_ended_sessions_in_each_state_and_compiles_them():
    call_command("seed_demo", "--size", "small", "--today", TODAY.isoformat())
    _day, now = demo.demo_clock(TODAY)
    reports = _check_reports_follow_the_moment(now)
    assert {r.status for r in reports} == {"draft", "submitted", "returned", "approved"}
    for report in reports:
        if report.status == "returned":
            assert report.review_comment and report.reviewed_by.email == "secretariat@demo.example"
        if report.status in ("submitted", "returned", "approved") and report.kind == "short":
            assert 1 <= len(report.key_takeaways) <= 3 and 1 <= len(report.calls_to_action) <= 3
        real = report.session.title == records.GOVSTACK_TITLE  # its record gives no figures
        if report.status in ("submitted", "approved") and report.kind == "full" and not real:
            assert report.discussion and report.participants_onsite is not None
        assert (report.published_at is not None) == (report.status == "approved")
    # The sessions that had live content were followed online: their reports' facts count the
    # people who joined and the room's peak, after every demo connection has closed.
    followed = [r.platform_facts["presence"] for r in reports if "presence" in r.platform_facts]
    assert followed
    for presence in followed:
        assert presence["signed_in_online"] > 0
        assert presence["peak_online"] >= presence["signed_in_online"]
        assert presence["online"] == presence["peak_online"]
    # A draft nobody has opened yet, beside the drafted, submitted, returned and approved ones.
    assert [r for r in reports if r.status == "draft" and not r.key_takeaways]
    # The programme pinned the real GovStack session in the first morning: it has ended by the
    # demo's moment and carries its real report.
    _check_govstack_report()

    # The approved reports are what the public sees, on the session page and in the API.
    approved = {r.pk for r in reports if r.status == "approved"}
    assert approved
    assert {r.pk for r in published_reports(forum=reports[0].session.forum)} == approved
    assert {r.pk for r in api_reports(forum_slug="igf-2026")} == approved

    # The outputs step compiled them: each approved takeaway and call to action is a point of the
    # Messages, linking to its session.
    build = CompilationBuild.objects.get(
        compilation__forum__slug="igf-2026", compilation__kind=Compilation.Kind.MESSAGES
    )
    assert build.status == "done"
    rows = [json.loads(line) for line in index_path(build).read_text().splitlines()]
    points = [(row["text"], row["href"]) for row in rows if row.get("href")]
    expected = [
        (
            text,
            reverse("programme_session", kwargs={"slug": "igf-2026", "session_id": r.session_id}),
        )
        for r in reports
        if r.status == "approved"
        for text in [*r.key_takeaways, *r.calls_to_action]
    ]
    assert expected
    for text, url in expected:
        assert any(t == text and href.endswith(url) for t, href in points), text

    # One build of each kind, all of the IGF, whose sessions were held; the outcome document
    # puts each approved report's session under every WSIS action line its proposal names.
    builds = CompilationBuild.objects.filter(status="done")
    assert sorted(b.compilation.kind for b in builds) == sorted(Compilation.Kind.values)
    assert {b.compilation.forum.slug for b in builds} == {"igf-2026"}
    outcome = builds.get(compilation__kind=Compilation.Kind.WSIS_OUTCOME)
    anchors = {json.loads(line).get("id") for line in index_path(outcome).read_text().splitlines()}
    placed = [r for r in reports if r.status == "approved" and r.session.proposal_id]
    assert placed
    for report in placed:
        for line in report.session.proposal.wsis_action_lines.all():
            assert f"line-{line.code}-session-{report.session_id}" in anchors, (line, report)


def test_a_later_moment_gives_overdue_reports():
    """The demo's moment (11:00 on the first programme day) falls before any deadline: the step
    run again as of the next evening finds short reports overdue, and keeps the real report."""
    ctx = demo.build(size="small", today=TODAY, log=lambda line: None)
    later = ctx.now + dt.timedelta(days=1, hours=8)
    reports_demo.seed(dataclasses.replace(ctx, now=later))
    reports = _check_reports_follow_the_moment(later)

    overdue = [r for r in reports if r.is_overdue(later)]
    assert overdue and all(r.kind == "short" for r in overdue)
    assert {r.status for r in overdue} <= {"draft", "returned"}
    _check_govstack_report()
    # WSIS Forum session 537 is a proposal still in review (and its record has no post-session
    # report): no session, so no report.
    assert not SessionReport.objects.filter(session__proposal__reference="Session 537").exists()
