"""A real browser in New York reads a Geneva forum's programme: its device's zone is offered,
the switch shows the programme in that zone and the session page in both, the choice is
remembered; signed in, "My schedule" buttons bookmark sessions. On daphne, at phone width."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sessions.models import Bookmark
from tests.factories import PASSWORD, UserFactory
from tests.sessions.programme_helpers import published_programme

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def wait_until(condition, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def test_the_viewer_switches_to_their_device_zone(daphne_server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    p = published_programme(2)
    user = UserFactory(email="reader@example.org")
    context = browser.new_context(
        timezone_id="America/New_York", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    programme = f"{daphne_server}/forums/{p.forum.slug}/programme/"
    page.goto(programme, timeout=60_000)  # the server's first page warms it up
    assert "Europe/Zurich" in page.get_by_test_id("display-zone").inner_text()
    # The device's zone is offered as the default choice, and said so.
    assert page.locator("#zone-select").input_value() == "America/New_York"
    assert page.get_by_test_id("zone-suggestion").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_test_id("display-zone").inner_text() == "America/New_York (UTC-05:00)"
    first = page.get_by_test_id("session").first
    assert "03:00" in first.inner_text() and "America/New_York" in first.inner_text()
    page.screenshot(path=str(SHOTS / "programme-zone-switch.png"), full_page=True)

    # The session page shows the forum's time and the viewer's.
    page.goto(f"{daphne_server}/forums/{p.forum.slug}/sessions/{p.sessions[0].pk}/")
    assert "09:00" in page.get_by_test_id("forum-time").inner_text()
    assert "Europe/Zurich" in page.get_by_test_id("forum-time").inner_text()
    assert "03:00" in page.get_by_test_id("viewer-time").inner_text()
    assert "America/New_York" in page.get_by_test_id("viewer-time").inner_text()
    page.screenshot(path=str(SHOTS / "programme-session.png"), full_page=True)

    # Remembered: a new visit shows the chosen zone, with no suggestion any more.
    page.goto(programme)
    assert page.get_by_test_id("display-zone").inner_text() == "America/New_York (UTC-05:00)"
    assert not page.get_by_test_id("zone-suggestion").is_visible()

    # Signed in, a session is bookmarked from the programme with its button.
    page.goto(f"{daphne_server}/accounts/login/?next=/forums/{p.forum.slug}/programme/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(programme)
    button = page.get_by_test_id("bookmark").first
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    wait_until(lambda: button.get_attribute("aria-pressed") == "true")
    assert list(Bookmark.objects.values_list("user__email", "session_id")) == [
        (user.email, p.sessions[0].pk)
    ]
    assert button.inner_text() == "Remove from My schedule"
    context.close()
