"""A new person in a real browser: signs up, confirms the address from the mail, registers online
from a session's live room and is back in it, taking part. Real daphne, PostgreSQL, Redis and
the system Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from forum.models import QueuedMail
from registration.models import Registration
from remote_hubs.models import ChatMessage
from tests.registration.helpers import open_forum
from tests.sessions.factories import SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"registration-{name}.png"), full_page=True)


def test_sign_up_verify_register_online_and_take_part(daphne_server, browser):
    forum = open_forum()
    session = SessionFactory(forum=forum, title="Community networks", is_public=True)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(30_000)
    context.set_default_navigation_timeout(60_000)
    page = context.new_page()
    try:
        page.goto(f"{daphne_server}/accounts/signup/")
        page.get_by_label("Email address").fill("nadia@example.org")
        page.locator("#id_password1").fill("a long and quiet river 42")
        page.locator("#id_password2").fill("a long and quiet river 42")
        page.get_by_label("Full name").fill("Nadia Nour")
        page.get_by_label("Organisation").fill("Cairo Digital Lab")
        page.get_by_label("Stakeholder group").select_option(label="Civil Society")
        page.get_by_label("Country").select_option("EG")
        page.get_by_role("button", name="Create the account").click()
        page.get_by_role("heading", level=1).wait_for()

        # Not verified yet: the account cannot act. The mail carries the link.
        body = QueuedMail.objects.get(to="nadia@example.org").body
        link = re.search(r"https?://\S+/accounts/activate/\S+/", body).group(0)
        page.goto(f"{daphne_server}{link[link.index('/accounts/') :]}")
        assert page.get_by_test_id("current-user").inner_text() == "Nadia Nour"

        page.goto(f"{daphne_server}{session.get_live_url()}")
        page.locator("html[data-live-resumed]").wait_for(state="attached")
        assert page.locator("#chat-form").count() == 0
        shot(page, "live-room-watching")
        # Step 1: the offer in the room.
        page.get_by_role("link", name="Register online to take part").click()
        assert page.get_by_label("online", exact=True).is_checked()
        assert page.get_by_label("Full name").input_value() == "Nadia Nour"
        shot(page, "register")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        # Step 2: consent and register; back in the room, taking part.
        page.get_by_label("I have read the privacy notice and agree to it.").check()
        page.get_by_role("button", name="Register").click()
        page.wait_for_url(f"{daphne_server}{session.get_live_url()}")
        page.locator("html[data-live-resumed]").wait_for(state="attached")
        page.locator("#chat-text").fill("Hello from Cairo")
        page.locator("#chat-form").get_by_role("button", name="Send").click()
        page.get_by_test_id("chat").get_by_text("Hello from Cairo").wait_for()
        shot(page, "live-room-taking-part")
        registration = Registration.objects.get(user__email="nadia@example.org")
        assert (registration.status, registration.attendance) == ("approved", "online")
        assert (
            registration.privacy_notice_version
            == forum.registration_settings.privacy_notice_version
        )
        assert ChatMessage.objects.get().author_id == registration.user_id
    finally:
        context.close()
