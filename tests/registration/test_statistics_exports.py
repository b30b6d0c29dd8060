"""The secretariat's exports (CSV, XLSX) and the statistics: the public page shows aggregates
only, hides groups under five people, and names only those who opted in to a public listing."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from forum.models import StakeholderGroup
from registration.models import Registration
from registration.selectors.statistics import registration_statistics
from registration.services import registering
from tests.factories import UserFactory
from tests.registration.helpers import open_forum, secretariat_of

pytestmark = pytest.mark.django_db


def register(forum, country="KE", group="civil-society", **details):
    user = UserFactory(country=country, stakeholder_group=StakeholderGroup.objects.get(code=group))
    return registering.registration_submit(
        forum=forum, by=user, attendance="online", consent=True, details=details, notify=False
    )


@pytest.fixture
def forum():
    forum = open_forum()
    for _ in range(6):
        register(forum, "KE")
    for _ in range(2):
        register(forum, "BR", group="government")
    register(forum, "DE", public_listing=True)
    Registration.objects.filter(forum=forum).update(
        created_at=dt.datetime(2030, 6, 3, 9, tzinfo=dt.UTC)
    )
    return forum


def test_the_public_statistics_hide_small_groups(forum):
    stats = registration_statistics(forum=forum, public=True)
    region = next(b for b in stats.breakdowns if b.key == "region")
    assert region.rows == [("African Group", 6, None)]
    assert region.hidden_groups == 2
    full = registration_statistics(forum=forum, public=False)
    region = next(b for b in full.breakdowns if b.key == "region")
    assert [(label, n) for label, n, _a in region.rows] == [
        ("African Group", 6),
        ("Latin American and Caribbean Group (GRULAC)", 2),
        ("Western European and Others Group (WEOG)", 1),
    ]


def test_one_small_group_alone_takes_the_next_smallest_with_it():
    forum = open_forum()
    for _ in range(7):
        register(forum, "KE")
    for _ in range(5):
        register(forum, "JP")
    register(forum, "DE")
    region = next(
        b for b in registration_statistics(forum=forum, public=True).breakdowns if b.key == "region"
    )
    assert [(label, n) for label, n, _a in region.rows] == [("African Group", 7)]
    assert region.hidden_groups == 2


def test_the_public_page_names_only_who_opted_in(client, forum):
    html = client.get(reverse("registration_public_statistics", kwargs={"slug": forum.slug}))
    assert html.status_code == 200
    text = html.content.decode()
    listed = Registration.objects.get(forum=forum, public_listing=True).user
    assert listed.name in text
    for r in Registration.objects.filter(forum=forum, public_listing=False).select_related("user"):
        assert r.user.name not in text
        assert r.user.email not in text
    assert '<svg class="chart" role="img"' in text
    assert '<title id="t-region">' in text


def test_the_secretariat_statistics_are_theirs_only(client, forum):
    url = reverse("registration_statistics", kwargs={"slug": forum.slug})
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(secretariat_of(forum))
    assert client.get(url).status_code == 200


def test_csv_export_quotes_formulas_and_is_for_the_secretariat(client, forum):
    evil = register(forum)
    evil.user.name = '=HYPERLINK("http://x")'
    evil.user.save()
    url = reverse("registrants_export", kwargs={"slug": forum.slug, "fmt": "csv"})
    client.force_login(evil.user)
    assert client.get(url).status_code == 404
    client.force_login(secretariat_of(forum))
    response = client.get(url + "?regional_group=african")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Name", "Email", "Organisation"]
    assert len(rows) == 1 + 7
    assert '\'=HYPERLINK("http://x")' in [r[0] for r in rows]


def test_xlsx_export_has_frozen_header_filters_and_dates(client, forum):
    client.force_login(secretariat_of(forum))
    url = reverse("registrants_export", kwargs={"slug": forum.slug, "fmt": "xlsx"})
    sheet = load_workbook(io.BytesIO(client.get(url).content)).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:O10"
    registered = sheet.cell(row=2, column=14).value
    assert isinstance(registered, dt.datetime)
    # 09:00 UTC is 11:00 in Geneva in June.
    assert registered == dt.datetime(2030, 6, 3, 11, 0, tzinfo=dt.UTC).replace(tzinfo=None)
