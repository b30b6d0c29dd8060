"""A segment a captioner's software posts to the HTTP API appears in the live room's caption
pane of a participant's browser (real daphne, Redis, PostgreSQL and the system Chromium)."""

from __future__ import annotations

import json
import urllib.request

import pytest

from tests.e2e.test_live_room import open_live_room
from tests.factories import UserFactory
from tests.remote_hubs.factories import RegistrationFactory
from tests.transcripts.helpers import captioned_session

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]


def post_segment(base_url, session_id, secret, **segment):
    request = urllib.request.Request(  # noqa: S310 - the test server, over http
        f"{base_url}/api/captions/v1/sessions/{session_id}/segments",
        data=json.dumps(segment).encode(),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the test server
        return json.loads(response.read())


def test_a_posted_segment_appears_in_the_caption_pane(daphne_server, browser):
    case = captioned_session(title="Captioned plenary")
    viewer = RegistrationFactory(forum=case.forum, user=UserFactory(name="Rea Der")).user
    context, page = open_live_room(browser, daphne_server, viewer, case.session)
    try:
        reply = post_segment(
            daphne_server,
            case.session.pk,
            case.secret,
            sequence=0,
            text="Welcome to the <b>captioned</b> plenary.",
            start=1.0,
            end=3.5,
        )
        assert reply["stored"] == [0]
        pane = page.get_by_test_id("captions")
        pane.get_by_text("Welcome to the <b>captioned</b> plenary.").wait_for()
        assert page.locator("#captions b").count() == 0
        # A correction (same sequence, new text) replaces the line rather than adding one.
        reply = post_segment(
            daphne_server, case.session.pk, case.secret,
            sequence=0, text="Welcome to the captioned plenary.", start=1.0, end=3.5,
        )  # fmt: skip
        assert reply["corrected"] == [0]
        pane.get_by_text("Welcome to the captioned plenary.").wait_for()
        assert pane.locator("p").count() == 1
        # Larger text and high contrast, remembered on the device.
        page.get_by_role("button", name="Larger captions").click()
        page.get_by_role("button", name="High contrast").click()
        assert page.evaluate("document.getElementById('captions').dataset.size") == "3"
        assert "high-contrast" in (pane.get_attribute("class") or "")
        # The full-screen caption view shows it too.
        screen = context.new_page()
        screen.goto(
            f"{daphne_server}/forums/{case.forum.slug}/sessions/{case.session.pk}/captions/"
        )
        screen.get_by_test_id("caption-lines").get_by_text("captioned", exact=False).wait_for()
        screen.get_by_role("button", name="Larger text").click()
        assert screen.evaluate("document.body.dataset.size") == "4"
    finally:
        context.close()
