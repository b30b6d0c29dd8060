"""The approved-reports selector and what is published leave out the reports of sessions that
did not take place (cancelled, or whose proposal was withdrawn); so do the compilations that
read through it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from outputs.models import Compilation
from reports.selectors import approved_reports, approved_reports_queryset, published_reports
from reports.services.workflow import report_approve, report_submit, report_update
from sessions.models import Proposal, Session
from tests.outputs.helpers import built
from tests.reports.helpers import reported_session

pytestmark = pytest.mark.django_db


def _approve(report, case, takeaway):
    report = report_update(
        report=report,
        by=case.secretariat,
        revision=report.revision,
        data={"key_takeaways": [takeaway]},
    )
    report = report_submit(report=report, by=case.secretariat)
    return report_approve(report=report, by=case.secretariat)


def _held_and_dropped(how: str):
    """Two sessions with an approved short report each; the second did not take place."""
    case = reported_session()
    held = _approve(case.short, case, "Held takeaway")
    dropped = _approve(case.other_session.reports.get(kind="short"), case, "Dropped takeaway")
    if how == "cancelled":
        Session.objects.filter(pk=case.other_session.pk).update(is_cancelled=True)
    else:
        Proposal.objects.filter(pk=case.other_session.proposal_id).update(
            status=Proposal.Status.WITHDRAWN
        )
    return case, held, dropped


@pytest.mark.parametrize("how", ["cancelled", "withdrawn"])
def test_approved_reports_leave_out_sessions_that_did_not_take_place(how):
    case, held, _dropped = _held_and_dropped(how)
    assert [r.pk for r in approved_reports(forum=case.forum)] == [held.pk]
    assert list(approved_reports_queryset(forum=case.forum).values_list("pk", flat=True)) == [
        held.pk
    ]
    assert list(published_reports(forum=case.forum).values_list("pk", flat=True)) == [held.pk]


def test_a_session_without_a_proposal_keeps_its_reports():
    case, held, _dropped = _held_and_dropped("cancelled")
    Session.objects.filter(pk=case.session.pk).update(proposal=None)
    assert [r.pk for r in approved_reports(forum=case.forum)] == [held.pk]


def test_the_api_and_the_session_page_leave_out_a_cancelled_session(client):
    case, _held, _dropped = _held_and_dropped("cancelled")
    data = client.get("/api/v1/reports/", {"forum": case.forum.slug}).json()
    assert [r["key_takeaways"] for r in data["results"]] == [["Held takeaway"]]
    page = reverse(
        "programme_session",
        kwargs={"slug": case.forum.slug, "session_id": case.other_session.pk},
    )
    response = client.get(page)
    assert response.status_code == 200
    assert "Dropped takeaway" not in response.content.decode()
    held_page = reverse(
        "programme_session", kwargs={"slug": case.forum.slug, "session_id": case.session.pk}
    )
    assert "Held takeaway" in client.get(held_page).content.decode()


def test_the_forum_messages_leave_out_a_cancelled_session():
    case, _held, _dropped = _held_and_dropped("cancelled")
    build = built(case.forum, Compilation.Kind.MESSAGES, by=case.secretariat)
    assert build.status == "done", build.error
    html = (Path(settings.MEDIA_ROOT) / build.html_file).read_text()
    assert "Held takeaway" in html
    assert "Dropped takeaway" not in html
