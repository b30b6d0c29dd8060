"""Time zones: forum pages render in the forum's zone (the middleware and the selectors), times
carry their zone, the viewer's own zone on the programme pages, deadlines with their zone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import HttpResponse
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.utils import timezone

from forum.timezones import VIEWER_ZONE_COOKIE, ForumTimezoneMiddleware, activate_forum_zone
from tests.factories import ForumFactory
from tests.sessions.programme_helpers import add_session, publish, published_programme
from tests.sessions.proposal_data import Setup

pytestmark = pytest.mark.django_db


def zone_seen(request) -> HttpResponse:
    return HttpResponse(timezone.get_current_timezone_name())


def test_the_middleware_activates_the_zone_of_the_forum_in_the_address():
    forum = ForumFactory(slug="dakar", timezone="Africa/Dakar")
    other = ForumFactory(slug="tokyo", timezone="Asia/Tokyo")
    for f in (forum, other):
        activate_forum_zone(f)  # what loading a forum for a page does
    timezone.deactivate()
    middleware = ForumTimezoneMiddleware(zone_seen)
    factory = RequestFactory()
    assert middleware(factory.get("/forums/dakar/programme/")).content == b"Africa/Dakar"
    assert middleware(factory.get("/forums/tokyo/")).content == b"Asia/Tokyo"
    assert middleware(factory.get("/forums/unknown/")).content == b"UTC"
    assert middleware(factory.get("/api/v1/forums/")).content == b"UTC"
    # After the request the zone is reset: nothing leaks into the next one.
    assert timezone.get_current_timezone_name() == "UTC"


async def test_the_middleware_works_for_async_views_too():
    async def view(request):
        return HttpResponse(timezone.get_current_timezone_name())

    from django.core.cache import cache

    await cache.aset("forum-zone:lima", "America/Lima")
    middleware = ForumTimezoneMiddleware(view)
    response = await middleware(RequestFactory().get("/forums/lima/"))
    assert response.content == b"America/Lima"
    assert (await middleware(RequestFactory().get("/healthz"))).content == b"UTC"


def test_a_forum_page_renders_in_the_forum_zone_even_on_a_cold_cache(client):
    from django.core.cache import cache

    p = published_programme(1, timezone="Asia/Kolkata")
    cache.clear()
    html = client.get(f"/forums/{p.forum.slug}/live/").text
    # 09:00 in Kolkata; the zone is named next to it.
    assert 'Mon 2 Dec 09:00</time> <span class="zone">Asia/Kolkata (UTC+05:30)</span>' in html


def test_the_zone_filters_show_the_zone_next_to_the_time():
    when = dt.datetime(2030, 7, 1, 12, 0, tzinfo=dt.UTC)
    template = Template(
        '{% load zones %}{{ when|zoned:"H:i" }}|{{ when|zoned_text:"H:i" }}|'
        '{% zoned_time when "Asia/Tokyo" "H:i" %}|{% zone_label %}'
    )
    with timezone.override("Europe/Zurich"):
        out = template.render(Context({"when": when}))
    parts = out.split("|")
    assert parts[:3] == [
        '<time datetime="2030-07-01T12:00:00+00:00">14:00</time> '
        '<span class="zone">Europe/Zurich (UTC+02:00)</span>',
        "14:00 Europe/Zurich (UTC+02:00)",
        '<time datetime="2030-07-01T12:00:00+00:00">21:00</time> '
        '<span class="zone">Asia/Tokyo (UTC+09:00)</span>',
    ]
    # The zone alone is named with its offset today (winter or summer time).
    assert parts[3] in {"Europe/Zurich (UTC+01:00)", "Europe/Zurich (UTC+02:00)"}


def test_the_viewer_switches_the_programme_to_their_zone(client):
    p = published_programme(0)
    # 00:30 on 3 December in Geneva is still 2 December in New York.
    start = dt.datetime(2030, 12, 3, 0, 30, tzinfo=p.forum.tzinfo)
    add_session(p, 0, title="Night owl", starts_at=start, ends_at=start + dt.timedelta(hours=1))
    publish(p.forum)
    url = f"/forums/{p.forum.slug}/programme/"
    html = client.get(url).text
    assert "Tuesday 3 December 2030" in html and "Europe/Zurich (UTC+01:00)" in html
    response = client.post(
        f"/forums/{p.forum.slug}/programme/zone/", {"zone": "America/New_York", "next": url}
    )
    assert response.cookies[VIEWER_ZONE_COOKIE].value == "America/New_York"
    html = client.get(url).text
    assert "Monday 2 December 2030" in html and "Tuesday 3 December" not in html
    assert '18:30</time> <span class="zone">America/New_York (UTC-05:00)</span>' in html
    assert '<strong data-testid="display-zone">America/New_York (UTC-05:00)</strong>' in html
    # Another forum page still shows the forum's own zone.
    live = client.get(f"/forums/{p.forum.slug}/live/").text
    assert "Europe/Zurich (UTC+01:00)" in live


def test_the_zone_switch_refuses_unknown_zones_foreign_redirects_and_missing_csrf(client):
    p = published_programme(1)
    url = f"/forums/{p.forum.slug}/programme/zone/"
    response = client.post(url, {"zone": "Mars/Olympus", "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == f"/forums/{p.forum.slug}/programme/"
    assert response.cookies[VIEWER_ZONE_COOKIE].value == ""  # deleted: back to the forum's zone
    assert client.get(url).status_code == 405
    assert Client(enforce_csrf_checks=True).post(url, {"zone": "Asia/Tokyo"}).status_code == 403
    client.cookies[VIEWER_ZONE_COOKIE] = "not/a zone"
    assert "Europe/Zurich (UTC+01:00)" in client.get(f"/forums/{p.forum.slug}/programme/").text


def test_deadlines_carry_the_forum_zone(client):
    now = timezone.now()
    setup = Setup(opens_at=now - dt.timedelta(days=10), closes_at=now - dt.timedelta(days=1))
    setup.forum.timezone = "Africa/Nairobi"
    setup.forum.save()
    client.force_login(setup.organizer)
    html = client.get(f"/forums/{setup.forum.slug}/proposals/new/").text
    closes = timezone.localtime(setup.call.closes_at, setup.forum.tzinfo)
    assert (
        "Africa/Nairobi (UTC+03:00)" in html.split('data-testid="call-dates"')[1].split("</p>")[0]
    )
    assert "(UTC)." not in html
    from django.utils.formats import date_format

    assert date_format(closes, "DATETIME_FORMAT") in html  # the local time, not UTC
