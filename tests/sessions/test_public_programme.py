"""The public programme: day list, rooms grid, filters, search, now and next, the session page
with its JSON-LD, bookmarks and the personal feed, caching and flat query counts."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from forum.models import ForumRole
from sessions.models import Bookmark, CalendarFeed
from sessions.selectors.programme_filters import (
    filter_entries,
    filters_from,
    now_and_next,
)
from sessions.selectors.public_programme import (
    published_programme as programme_of,
)
from tests.factories import UserFactory, grant
from tests.sessions.programme_helpers import add_session, publish, published_programme

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return re.findall(r'<h3><a href="/forums/[^"]+/sessions/\d+/">([^<]+)</a>', response.text)


def test_before_a_version_is_published_the_programme_lists_nothing(client):
    p = published_programme(3, publish_version=False)
    response = client.get(f"/forums/{p.forum.slug}/programme/")
    assert response.status_code == 200
    assert "The programme is not published yet." in response.text
    assert titles(response) == []
    assert client.get(f"/forums/{p.forum.slug}/sessions/{p.sessions[0].pk}/").status_code == 404
    assert client.get(f"/forums/{p.forum.slug}/schedule.xml").status_code == 404


def test_the_day_list_groups_sessions_by_day_in_the_forum_zone(client):
    p = published_programme(4)
    p.sessions[3].is_cancelled = True
    p.sessions[3].save()
    publish(p.forum)
    response = client.get(f"/forums/{p.forum.slug}/programme/")
    html = response.text
    assert response.status_code == 200
    assert html.count('data-testid="day"') == 2
    assert "Monday 2 December 2030" in html and "Tuesday 3 December 2030" in html
    assert titles(response) == [
        "Session 0: digital cooperation",
        "Session 2: digital cooperation",
        "Session 1: digital cooperation",
        "Session 3: digital cooperation",
    ]
    # 09:00 in Geneva is 08:00 UTC; the zone is named next to the time.
    assert (
        '<time datetime="2030-12-02T08:00:00+00:00">09:00</time> <span class="zone">Europe/Zurich (UTC+01:00)</span>'
        in html
    )
    assert html.count('data-testid="cancelled"') == 1


def test_the_rooms_grid_has_a_column_per_room_and_a_row_per_start(client):
    p = published_programme(4)
    response = client.get(f"/forums/{p.forum.slug}/programme/rooms/")
    html = response.text
    assert '<th scope="col">Plenary Hall</th><th scope="col">Room B</th>' in html
    # The first day: sessions 0 and 2 in the Plenary Hall at 09:00 and 10:00.
    assert html.count('data-testid="grid-session"') == 2
    day2 = client.get(f"/forums/{p.forum.slug}/programme/rooms/", {"day": "2030-12-03"}).text
    assert re.findall(r'data-testid="grid-session">([^<]+)<', day2) == [
        "Session 1: digital cooperation",
        "Session 3: digital cooperation",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"subtheme": "SUB"}, [1, 3, 5]),
        ({"theme": "THEME"}, [0, 1, 2, 3, 4, 5]),
        ({"room": "ROOM_B"}, [1, 3, 5]),
        ({"sdg": "16"}, [1, 3, 5]),
        ({"wsis": "c1"}, [0, 2, 4]),
        ({"language": "fr"}, [2, 5]),
        ({"mode": "online"}, [0, 2, 4]),
        ({"mode": "onsite"}, [1, 3, 5]),
        ({"q": "speaker echo"}, [4]),
        ({"q": "FOXTROT"}, [5]),
        ({"q": "moderator delta"}, [3]),
        ({"q": "session 2: digital"}, [2]),
        ({"type": "panel"}, [2]),
        ({"room": "not-a-number", "sdg": "x"}, [0, 1, 2, 3, 4, 5]),
    ],
)
def test_each_filter_and_the_search(client, params, expected):
    p = published_programme(6)
    panel = p.sessions[2].session_type
    panel.code, panel.name = "panel", "Panel"
    panel.save()  # one of the session types, shared by factories: give session 2 its own
    from tests.sessions.factories import SessionTypeFactory

    workshop = SessionTypeFactory(forum=p.forum, code="workshop2", name="Workshop")
    for s in p.sessions:
        if s.pk != p.sessions[2].pk:
            s.session_type = workshop
            s.save()
    values = {
        "SUB": str(p.subtheme.pk),
        "THEME": str(p.theme.pk),
        "ROOM_B": str(p.rooms[1].pk),
    }
    query = {k: values.get(v, v) for k, v in params.items()}
    response = client.get(f"/forums/{p.forum.slug}/programme/", query)
    assert sorted(int(t.split(":")[0].split()[1]) for t in titles(response)) == expected


def test_filters_are_ignored_when_malformed_and_a_day_filter_uses_the_zone():
    p = published_programme(4)
    programme = programme_of(forum=p.forum)
    assert (
        len(
            filter_entries(
                programme.entries, filters_from({"day": "nonsense"}), zone=p.forum.tzinfo
            )
        )
        == 4
    )
    day2 = filter_entries(
        programme.entries, filters_from({"day": "2030-12-03"}), zone=p.forum.tzinfo
    )
    assert [e.id for e in day2] == [p.sessions[1].pk, p.sessions[3].pk]


def test_now_and_next_on_the_current_day():
    p = published_programme(6)
    programme = programme_of(forum=p.forum)
    zone = p.forum.tzinfo
    at = dt.datetime(2030, 12, 2, 9, 30, tzinfo=zone)  # during session 0 (09:00-10:00)
    running, upcoming = now_and_next(programme.entries, now=at, zone=zone)
    assert [e.title for e in running] == ["Session 0: digital cooperation"]
    assert [e.title for e in upcoming] == ["Session 2: digital cooperation"]
    # After the day's last session there is no "next" from another day.
    running, upcoming = now_and_next(
        programme.entries, now=dt.datetime(2030, 12, 2, 17, 0, tzinfo=zone), zone=zone
    )
    assert (running, upcoming) == ([], [])


def test_the_page_shows_now_and_next_around_the_real_clock(client):
    # A forum whose local time is about noon right now, with a session running and one next.
    now = timezone.now()
    offset = 12 - now.astimezone(dt.UTC).hour
    zone = f"Etc/GMT{-offset:+d}"
    p = published_programme(
        0,
        timezone=zone,
        start_date=now.date() - dt.timedelta(days=1),
        end_date=now.date() + dt.timedelta(days=1),
    )
    start = now.replace(second=0, microsecond=0)
    add_session(
        p,
        0,
        title="Running now",
        starts_at=start - dt.timedelta(minutes=30),
        ends_at=start + dt.timedelta(minutes=30),
    )
    add_session(
        p,
        1,
        title="Coming next",
        starts_at=start + dt.timedelta(minutes=45),
        ends_at=start + dt.timedelta(minutes=105),
    )
    add_session(
        p,
        2,
        title="Later",
        starts_at=start + dt.timedelta(minutes=120),
        ends_at=start + dt.timedelta(minutes=150),
    )
    publish(p.forum)
    html = client.get(f"/forums/{p.forum.slug}/programme/").text
    now_block = html.split('data-testid="now"')[1].split("</ul>")[0]
    next_block = html.split('data-testid="next"')[1].split("</ul>")[0]
    assert "Running now" in now_block and "Coming next" not in now_block
    assert "Coming next" in next_block and "Later" not in next_block


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_the_session_page_has_what_a_participant_needs_and_its_json_ld(client):
    p = published_programme(2)
    session = p.sessions[0]
    session.title = 'Bold </script><script>alert("x")</script> ideas'
    session.save()
    publish(p.forum)
    response = client.get(f"/forums/{p.forum.slug}/sessions/{session.pk}/")
    html = response.text
    assert response.status_code == 200
    assert "About session 0." in html
    assert '<ol data-testid="policy-questions"><li>Policy question 0?</li></ol>' in html
    assert "<li>Speaker 0, Institute Alpha</li>" in html
    assert '<dd data-testid="room">Plenary Hall</dd>' in html
    assert (
        'Monday 2 December 2030, 09:00</time> <span class="zone">Europe/Zurich (UTC+01:00)</span>'
        in html
    )
    assert f'href="/forums/{p.forum.slug}/sessions/{session.pk}/live/"' in html
    assert "<script>alert" not in html
    data = _json_ld(html)
    assert data["@type"] == "Event"
    assert data["name"] == session.title
    assert data["startDate"] == "2030-12-02T09:00:00+01:00"
    assert data["endDate"] == "2030-12-02T10:00:00+01:00"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["location"][0] == {
        "@type": "Place",
        "name": "Plenary Hall",
        "address": "Palais des Nations, Geneva, Switzerland",
    }
    assert data["location"][1]["@type"] == "VirtualLocation"
    assert data["organizer"] == [{"@type": "Organization", "name": "Example Organisation"}]
    assert data["performer"] == [
        {
            "@type": "Person",
            "name": "Speaker 0",
            "affiliation": {"@type": "Organization", "name": "Institute Alpha"},
        }
    ]
    onsite = _json_ld(client.get(f"/forums/{p.forum.slug}/sessions/{p.sessions[1].pk}/").text)
    assert onsite["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"


def test_the_session_page_shows_both_zones_when_the_viewer_chose_theirs(client):
    p = published_programme(1)
    url = f"/forums/{p.forum.slug}/sessions/{p.sessions[0].pk}/"
    response = client.post(
        f"/forums/{p.forum.slug}/programme/zone/", {"zone": "America/New_York", "next": url}
    )
    assert response.status_code == 302 and response.url == url
    html = client.get(url).text
    forum_time = html.split('data-testid="forum-time">')[1].split("</dd>")[0]
    viewer_time = html.split('data-testid="viewer-time">')[1].split("</dd>")[0]
    assert '09:00</time> <span class="zone">Europe/Zurich (UTC+01:00)</span>' in forum_time
    assert '03:00</time> <span class="zone">America/New_York (UTC-05:00)</span>' in viewer_time


def test_bookmarks_need_a_login_a_post_and_the_csrf_token(client):
    p = published_programme(2)
    url = f"/forums/{p.forum.slug}/sessions/{p.sessions[0].pk}/bookmark/"
    response = client.post(url, {"on": "1"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    user = UserFactory()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post(url, {"on": "1"}).status_code == 403
    client.force_login(user)
    assert client.get(url).status_code == 405
    assert Bookmark.objects.count() == 0
    response = client.post(url, {"on": "1"}, HTTP_ACCEPT="application/json")
    assert response.json() == {"session": p.sessions[0].pk, "bookmarked": True}
    client.post(url, {"on": "1"})  # twice: still one
    assert list(Bookmark.objects.values_list("user", "session")) == [(user.pk, p.sessions[0].pk)]
    mine = client.get(f"/forums/{p.forum.slug}/programme/mine/").text
    assert "Session 0: digital cooperation" in mine and "Session 1" not in mine
    page = client.get(f"/forums/{p.forum.slug}/sessions/{p.sessions[0].pk}/").text
    assert "Remove from My schedule" in page
    client.post(url, {"on": "0"})
    assert Bookmark.objects.count() == 0


def test_unpublished_or_hidden_sessions_cannot_be_bookmarked(client):
    user = UserFactory()
    client.force_login(user)
    draft = published_programme(1, publish_version=False)
    url = f"/forums/{draft.forum.slug}/sessions/{draft.sessions[0].pk}/bookmark/"
    assert client.post(url, {"on": "1"}).status_code == 404
    hidden = published_programme(1, is_public=False)
    url = f"/forums/{hidden.forum.slug}/sessions/{hidden.sessions[0].pk}/bookmark/"
    assert client.post(url, {"on": "1"}).status_code == 404
    other = published_programme(1)
    url = f"/forums/{other.forum.slug}/sessions/{draft.sessions[0].pk}/bookmark/"
    assert client.post(url, {"on": "1"}).status_code == 404
    assert Bookmark.objects.count() == 0
    grant(user, hidden.forum, ForumRole.Role.MAG_MEMBER)
    url = f"/forums/{hidden.forum.slug}/sessions/{hidden.sessions[0].pk}/bookmark/"
    assert client.post(url, {"on": "1"}).status_code == 302
    assert Bookmark.objects.count() == 1


def test_the_personal_feed_is_at_a_secret_address_that_regenerating_revokes(client):
    p = published_programme(3)
    user = UserFactory()
    Bookmark.objects.create(user=user, session=p.sessions[1])
    client.force_login(user)
    page = client.get(f"/forums/{p.forum.slug}/programme/mine/").text
    token = CalendarFeed.objects.get(user=user).token
    feed_url = f"/forums/{p.forum.slug}/programme/mine/{token}.ics"
    assert f"https://testserver{feed_url}" in page or f"http://testserver{feed_url}" in page
    anonymous = Client()
    response = anonymous.get(feed_url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Session 1: digital cooperation"]
    assert anonymous.get(f"/forums/{p.forum.slug}/programme/mine/{'x' * 43}.ics").status_code == 404
    assert client.post(f"/forums/{p.forum.slug}/programme/mine/regenerate/").status_code == 302
    new_token = CalendarFeed.objects.get(user=user).token
    assert new_token != token
    assert anonymous.get(feed_url).status_code == 404
    assert (
        anonymous.get(f"/forums/{p.forum.slug}/programme/mine/{new_token}.ics").status_code == 200
    )
    user.is_active = False
    user.save()
    assert (
        anonymous.get(f"/forums/{p.forum.slug}/programme/mine/{new_token}.ics").status_code == 404
    )


def test_pages_revalidate_with_their_etag_and_change_with_a_new_version(client):
    p = published_programme(2)
    url = f"/forums/{p.forum.slug}/programme/"
    first = client.get(url)
    again = client.get(url)  # the CSRF cookie is set now: this ETag stays
    etag = again["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    p.sessions[0].title = "Renamed"
    p.sessions[0].save()
    # Built once per version: the same version still shows the cached programme...
    assert "Renamed" not in client.get(url).text
    publish(p.forum)
    # ...and the next version shows the change, with a new ETag.
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and "Renamed" in response.text
    assert response["ETag"] != etag and first.status_code == 200


def _sizes(n: int):
    return published_programme(n)


@pytest.mark.parametrize(
    "path",
    ["programme/", "programme/rooms/", "sessions/{first}/", "programme/mine/"],
)
def test_programme_pages_keep_a_flat_query_count(client, django_assert_num_queries, path):
    from django.core.cache import cache

    user = UserFactory()
    client.force_login(user)
    counts = []
    for n in (5, 50):
        p = published_programme(n)
        for s in p.sessions[:3]:
            Bookmark.objects.create(user=user, session=s)
        url = f"/forums/{p.forum.slug}/" + path.format(first=p.sessions[0].pk)
        client.get(url)  # the login's session and the feed exist from here on
        cache.clear()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[0]):
        cache.clear()
        client.get(url)


def test_the_forum_page_links_the_programme(client):
    p = published_programme(1)
    html = client.get(f"/forums/{p.forum.slug}/").text
    assert f'href="/forums/{p.forum.slug}/programme/"' in html
