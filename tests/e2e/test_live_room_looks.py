"""How the live room and the hub pages look and read, in a real browser (system Chromium, real
daphne, Redis and PostgreSQL): poll results, upvotes, a muted person's text, Arabic, the projector's
poll, the hub map and the hub registration form. A screenshot of each under var/screenshots/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from remote_hubs.services import live as live_services
from tests.factories import ForumFactory, UserFactory
from tests.remote_hubs.factories import HubFactory, RegistrationFactory
from tests.remote_hubs.wsclient import session_cookie_for
from tests.sessions.factories import SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:
    out = Path(settings.VAR_DIR) / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)


def open_page(browser, base_url, path, *, user=None, language="en", width=1280, zone=None):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, timezone_id=zone or "UTC"
    )
    cookies = [{"name": "django_language", "value": language, "url": base_url}]
    if user is not None:
        cookies.append({"name": "sessionid", "value": session_cookie_for(user), "url": base_url})
    context.add_cookies(cookies)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{base_url}{path}", timeout=30_000)
    return context, page


def resumed(page) -> None:
    page.locator("html[data-live-resumed]").wait_for(state="attached")


def on_now(**kwargs):
    now = timezone.now()
    return SessionFactory(
        starts_at=now - dt.timedelta(minutes=10), ends_at=now + dt.timedelta(minutes=50), **kwargs
    )


def test_poll_results_start_at_the_edge_show_percentages_and_no_bar_for_nobody(
    daphne_server, browser
):
    forum = ForumFactory()
    session = on_now(forum=forum, title="Poll room")
    moderator = UserFactory(name="Mo Derator")
    session.moderators.add(moderator)
    voters = [RegistrationFactory(forum=forum).user for _ in range(3)]
    room = live_services.live_room_for(session=session)
    poll = live_services.poll_create(
        room=room,
        by=moderator,
        kind="single",
        question="Which first?",
        options=["Access", "Rights", "Nobody's pick"],
    )
    live_services.poll_set_status(room=room, by=moderator, poll_id=poll.pk, status="open")
    for voter, answer in zip(voters, [0, 0, 1], strict=True):
        live_services.poll_vote(room=room, by=voter, poll_id=poll.pk, answer=answer)

    context, page = open_page(browser, daphne_server, session.get_live_url(), user=voters[0])
    projector_context, projector = open_page(
        browser, daphne_server, session.get_live_url() + "projector/"
    )
    try:
        resumed(page)
        rows = page.get_by_test_id("polls").locator(".poll-result")
        rows.first.get_by_text("2 (67%)").wait_for()
        assert [rows.nth(i).locator(".poll-count").inner_text() for i in range(3)] == [
            "2 (67%)",
            "1 (33%)",
            "0 (0%)",
        ]
        # Nobody chose the third option: no bar at all.
        assert rows.nth(2).locator(".poll-fill").is_hidden()
        # Bars and labels start at the start edge of their row, not centred.
        for i in range(2):
            meter = rows.nth(i).locator(".poll-meter").bounding_box()
            fill = rows.nth(i).locator(".poll-fill").bounding_box()
            label = rows.nth(i).locator(".poll-option").bounding_box()
            row = rows.nth(i).bounding_box()
            assert abs(fill["x"] - meter["x"]) < 1
            assert abs(label["x"] - row["x"]) < 1
        wide = rows.nth(0).locator(".poll-fill").bounding_box()["width"]
        narrow = rows.nth(1).locator(".poll-fill").bounding_box()["width"]
        assert wide == pytest.approx(2 * narrow, rel=0.1)
        shot(page, "live-poll-en-1280")

        # The projector shows the open poll with its results.
        resumed(projector)
        projector.get_by_test_id("polls").get_by_text("Which first?").wait_for()
        projector.get_by_test_id("polls").get_by_text("2 (67%)").wait_for()
        shot(projector, "live-projector-poll-en-1280")
    finally:
        context.close()
        projector_context.close()


def test_upvotes_once_never_ones_own_and_a_muted_persons_text_stays(daphne_server, browser):
    forum = ForumFactory()
    session = on_now(forum=forum, title="Q&A room")
    moderator = UserFactory(name="Mo Derator")
    session.moderators.add(moderator)
    asker = RegistrationFactory(forum=forum, user=UserFactory(name="Ana Asker")).user
    voter = RegistrationFactory(forum=forum, user=UserFactory(name="Vic Voter")).user
    asker_context, asker_page = open_page(
        browser, daphne_server, session.get_live_url(), user=asker
    )
    voter_context, voter_page = open_page(
        browser, daphne_server, session.get_live_url(), user=voter
    )
    try:
        resumed(asker_page)
        resumed(voter_page)
        asker_page.get_by_label("Your question").fill("Who pays for hubs?")
        asker_page.get_by_role("button", name="Ask").click()
        own = asker_page.get_by_test_id("questions").locator("li", has_text="Who pays for hubs?")
        own.wait_for()
        assert own.get_by_role("button", name="Upvote").count() == 0  # not one's own

        theirs = voter_page.get_by_test_id("questions").locator("li", has_text="Who pays for hubs?")
        theirs.get_by_role("button", name="Upvote").click()
        theirs.get_by_text("You upvoted this").wait_for()
        assert theirs.get_by_role("button", name="Upvote").count() == 0
        own.get_by_text("1 vote", exact=True).wait_for()
        voter_page.reload()
        resumed(voter_page)
        theirs.get_by_text("You upvoted this").wait_for()
        assert theirs.get_by_role("button", name="Upvote").count() == 0

        # Muted: the text typed stays in the field, and the page says why it was not sent.
        room = live_services.live_room_for(session=session)
        live_services.user_mute(room=room, by=moderator, user_id=asker.pk)
        asker_page.get_by_test_id("connection").get_by_text("A moderator muted you").wait_for()
        asker_page.get_by_label("Message").fill("May I still speak?")
        asker_page.get_by_role("button", name="Send").click()
        feedback = asker_page.get_by_test_id("chat-feedback")
        feedback.get_by_text(
            "A moderator muted you in this room: your text was not sent."
        ).wait_for()
        assert asker_page.get_by_label("Message").input_value() == "May I still speak?"
        shot(asker_page, "live-muted-en-1280")
    finally:
        asker_context.close()
        voter_context.close()


def test_the_live_room_speaks_arabic_and_isolates_user_text(daphne_server, browser):
    forum = ForumFactory()
    session = on_now(forum=forum, title="Digital trust")
    coordinator = UserFactory(name="Hana Hub")
    hub = HubFactory(forum=forum, city="Lagos", coordinator=coordinator)
    RegistrationFactory(forum=forum, user=coordinator)
    context, page = open_page(
        browser, daphne_server, session.get_live_url(), user=coordinator, language="ar", width=390
    )
    try:
        resumed(page)
        assert page.locator("html").get_attribute("dir") == "rtl"
        room = live_services.live_room_for(session=session)
        live_services.floor_request(room=room, by=coordinator, hub=hub)
        live_services.chat_send(room=room, by=coordinator, hub=hub, text="Hello, from Lagos!")
        floor = page.get_by_test_id("floor")
        floor.get_by_text("في الانتظار").wait_for()  # "waiting"
        assert "مركز Lagos" in floor.inner_text()  # "Lagos hub"
        page.get_by_test_id("presence").get_by_text("متصل").wait_for()  # "connected"
        assert "connected" not in page.get_by_test_id("presence").inner_text()
        line = page.get_by_test_id("chat").locator(".text", has_text="Hello, from Lagos!")
        assert line.get_attribute("dir") == "auto"
        assert page.get_by_test_id("session-phase").inner_text().strip() != "Live now"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        shot(page, "live-room-ar-390")
    finally:
        context.close()


def test_the_hub_map_draws_the_world_and_registration_defaults_to_the_browsers_zone(
    daphne_server, browser
):
    forum = ForumFactory()
    HubFactory(forum=forum, city="Lagos", latitude="6.5", longitude="3.4")
    HubFactory(forum=forum, city="Quito", latitude="-0.2", longitude="-78.5")
    person = UserFactory()
    context, page = open_page(browser, daphne_server, f"/forums/{forum.slug}/hubs/")
    try:
        outline = page.get_by_test_id("world-outline")
        href = outline.get_attribute("href")
        assert href.startswith("/static/")
        assert page.request.get(f"{daphne_server}{href}").status == 200
        box = outline.bounding_box()
        assert box["width"] > 300
        assert page.locator(".hub-dot").count() == 2
        shot(page, "hub-map-en-1280")
    finally:
        context.close()
    context, page = open_page(
        browser,
        daphne_server,
        f"/forums/{forum.slug}/hubs/register/",
        user=person,
        zone="Asia/Tokyo",
        width=390,
    )
    try:
        zone = page.get_by_label("Local time zone")
        assert zone.input_value() == "Asia/Tokyo"
        label = page.locator("label[for=id_time_zone]").inner_text()
        assert not label.rstrip(" *").endswith(":")
        assert page.locator("script:not([src])").count() == 0
        shot(page, "hub-register-en-390")
    finally:
        context.close()
