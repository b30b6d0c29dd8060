"""The register page says when each kind of registration opens and closes, in the forum's time
zone, and says clearly before it opens and after it closes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.registration.helpers import open_forum

pytestmark = pytest.mark.django_db


def page(client, forum):
    client.force_login(UserFactory())
    response = client.get(reverse("registration_register", kwargs={"slug": forum.slug}))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_dates_are_shown_in_the_forums_zone(client):
    year = timezone.now().year + 1
    forum_open = open_forum(
        online_closes_at=dt.datetime(year, 6, 1, 21, 0, tzinfo=dt.UTC),  # 00:00 in Riyadh
    )
    forum_open.timezone = "Asia/Riyadh"
    forum_open.save(update_fields=["timezone"])
    html = page(client, forum_open)
    assert "Times in the forum's time zone (Asia/Riyadh)." in html
    closes = dt.date(year, 6, 2).strftime("%A 2 June %Y")
    assert f"<strong>Online</strong>: open now, closes {closes}, 00:00." in html


def test_before_it_opens_the_page_says_when(client):
    now = timezone.now()
    opens = (now + dt.timedelta(days=10)).replace(second=0, microsecond=0)
    forum = open_forum(
        **{f"{kind}_opens_at": opens for kind in ("onsite", "online", "press")},
    )
    html = page(client, forum)
    local = timezone.localtime(opens, forum.tzinfo)
    assert f"not open yet: opens {local:%A} {local.day} {local:%B %Y, %H:%M}" in html
    assert "Registration is not open yet: see above when it opens." in html
    assert 'type="submit">Register<' not in html


def test_after_it_closes_the_page_says_closed(client):
    closed = timezone.now() - dt.timedelta(hours=1)
    forum = open_forum(**{f"{kind}_closes_at": closed for kind in ("onsite", "online", "press")})
    html = page(client, forum)
    assert "closed since" in html
    assert "Registration is closed." in html
    assert "<strong>Onsite</strong>: closed since" in html
