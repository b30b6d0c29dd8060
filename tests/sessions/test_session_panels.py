"""The panels later apps add to the public session page (registration's seat offer, the published
report): each panel's data is read once per page view, and the page's ETag still changes with
what the panels show."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from registration.models import Registration, RegistrationSettings
from registration.services import capacity
from reports.services.workflow import report_approve, report_submit, report_update
from tests.factories import UserFactory
from tests.reports.helpers import reported_session

pytestmark = pytest.mark.django_db

#: The tables each panel reads.
PANEL_TABLES = ('"registration_sessioncapacity"', '"reports_sessionreport"')


def _publish_report(case):
    report = report_update(
        report=case.short,
        by=case.rapporteur,
        revision=0,
        data={"key_takeaways": ["Published takeaway"]},
    )
    report = report_submit(report=report, by=case.rapporteur)
    return report_approve(report=report, by=case.secretariat)


def _seats_and_report():
    case = reported_session()
    now = timezone.now()
    RegistrationSettings.objects.create(
        forum=case.forum,
        online_opens_at=now - dt.timedelta(days=1),
        online_closes_at=now + dt.timedelta(days=30),
        privacy_notice_version="1",
        privacy_notice="Notice.",
    )
    capacity.capacity_set(session=case.session, seats=1)
    Registration.objects.create(
        forum=case.forum, user=case.outsider, status=Registration.Status.APPROVED
    )
    page = reverse(
        "programme_session", kwargs={"slug": case.forum.slug, "session_id": case.session.pk}
    )
    return case, page


def _panel_reads(queries) -> Counter:
    return Counter(
        table
        for query in queries
        for table in PANEL_TABLES
        if query["sql"].startswith("SELECT") and f"FROM {table}" in query["sql"]
    )


def test_each_panel_reads_its_data_once_per_page_view(client):
    case, page = _seats_and_report()
    _publish_report(case)
    client.force_login(case.outsider)
    first = client.get(page)  # the login's session and the CSRF cookie exist from here on
    assert 'data-testid="seat-panel"' in first.text and "Published takeaway" in first.text

    with CaptureQueriesContext(connection) as built:
        again = client.get(page)
    assert again.status_code == 200
    assert _panel_reads(built.captured_queries) == {
        '"registration_sessioncapacity"': 1,
        '"reports_sessionreport"': 1,
    }
    # A revalidation that ends in a 304 reads them once too (for the ETag), and no more.
    with CaptureQueriesContext(connection) as revalidated:
        response = client.get(page, HTTP_IF_NONE_MATCH=again["ETag"])
    assert response.status_code == 304
    assert _panel_reads(revalidated.captured_queries) == _panel_reads(built.captured_queries)


def test_publishing_a_report_and_a_seat_freeing_give_a_new_etag(client):
    case, page = _seats_and_report()
    client.force_login(case.outsider)
    client.get(page)
    before = client.get(page)
    assert "report-panel" not in before.text
    assert client.get(page, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304

    _publish_report(case)
    published = client.get(page, HTTP_IF_NONE_MATCH=before["ETag"])
    assert published.status_code == 200
    assert "Published takeaway" in published.text

    taker = UserFactory()
    Registration.objects.create(forum=case.forum, user=taker, status=Registration.Status.APPROVED)
    signup = capacity.seat_signup(session=case.session, by=taker, now=timezone.now())
    full = client.get(page, HTTP_IF_NONE_MATCH=published["ETag"])
    assert full.status_code == 200
    assert "0 seats left of 1." in full.text
    capacity.seat_cancel(signup=signup, by=taker, now=timezone.now())
    freed = client.get(page, HTTP_IF_NONE_MATCH=full["ETag"])
    assert freed.status_code == 200
    assert "1 seat left of 1." in freed.text
