"""The live room's and the hub pages' server side: the session's phase, the hub registration form,
and no inline script anywhere in remote_hubs' templates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from remote_hubs.selectors import live_phase
from tests.factories import ForumFactory, RoomFactory, UserFactory
from tests.sessions.factories import SessionFactory
from tests.sessions.programme_helpers import publish

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "remote_hubs" / "templates"


def test_the_phase_follows_the_sessions_times_not_the_socket():
    now = timezone.now()
    hour = dt.timedelta(hours=1)
    session = SessionFactory.build(starts_at=now + hour, ends_at=now + 2 * hour)
    assert live_phase(session, now=now) == "upcoming"
    assert live_phase(session, now=now + hour) == "live"
    assert live_phase(session, now=now + 2 * hour) == "ended"
    assert live_phase(SessionFactory.build(starts_at=None), now=now) == "unscheduled"
    # Without an end time a session counts as live for 90 minutes.
    open_ended = SessionFactory.build(starts_at=now, ends_at=None)
    assert live_phase(open_ended, now=now + dt.timedelta(minutes=89)) == "live"
    assert live_phase(open_ended, now=now + dt.timedelta(minutes=91)) == "ended"


def test_the_room_page_and_the_list_say_live_only_while_the_session_is_on(client):
    forum = ForumFactory()
    room = RoomFactory(forum=forum)
    now = timezone.now()
    later = SessionFactory(
        forum=forum,
        room=room,
        title="Next week",
        starts_at=now + dt.timedelta(days=7),
        ends_at=now + dt.timedelta(days=7, hours=1),
    )
    on = SessionFactory(
        forum=forum,
        room=room,
        title="Right now",
        starts_at=now - dt.timedelta(minutes=5),
        ends_at=now + dt.timedelta(minutes=55),
    )
    publish(forum)
    page = client.get(later.get_live_url()).text
    assert 'data-phase="upcoming"' in page
    assert "Live now" not in page
    assert "Starts" in page
    assert 'data-phase="live"' in client.get(on.get_live_url()).text
    listing = client.get(reverse("live_sessions", kwargs={"slug": forum.slug})).text
    items = re.findall(r"<li>.*?</li>", listing, flags=re.S)
    live_now = {
        title: "Live now" in item
        for item in items
        for title in ("Next week", "Right now")
        if title in item
    }
    assert live_now == {"Right now": True, "Next week": False}


def test_the_hub_form_uses_the_common_rendering_and_the_forums_zone(client):
    forum = ForumFactory(timezone="Europe/Paris")
    client.force_login(UserFactory())
    page = client.get(reverse("hub_register", kwargs={"slug": forum.slug})).text
    select = re.search(r'<select name="time_zone"[^>]*>', page).group(0)
    assert 'data-browser-zone="default"' in select
    assert re.search(r'<option value="Europe/Paris" selected>', page)
    assert 'Africa/Abidjan" selected' not in page
    label = re.search(r'<label for="id_time_zone">(.*?)</label>', page, flags=re.S).group(1)
    assert label.startswith("Local time zone")
    assert ":" not in label
    assert 'class="field' in page  # forum/templates/forum/forms/field.html


def test_no_remote_hubs_template_has_an_inline_script():
    scripts = []
    for path in TEMPLATES.rglob("*.html"):
        for tag in re.findall(r"<script\b[^>]*>", path.read_text()):
            if "src=" not in tag and "application/json" not in tag:
                scripts.append((path.name, tag))
    assert scripts == []


def test_the_room_page_lets_its_webcast_player_be_framed_and_nothing_else(client):
    forum = ForumFactory()
    session = SessionFactory(forum=forum, webcast_url="https://webcast.example.org/embed/7")
    other = SessionFactory(forum=forum)
    policy = client.get(session.get_live_url())["Content-Security-Policy"]
    frames = re.search(r"frame-src ([^;]*)", policy).group(1)
    assert "https://webcast.example.org" in frames
    elsewhere = client.get(other.get_live_url())["Content-Security-Policy"]
    assert "webcast.example.org" not in elsewhere
