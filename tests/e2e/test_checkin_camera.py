"""The check-in desk's camera path in a real browser: the desk opens the camera (Chromium's fake
capture device), the page reads frames of the playing video through the browser's BarcodeDetector
and submits the code it finds; a second scan of the same badge is counted once.

Chromium on Linux has no BarcodeDetector (it exists on Android, ChromeOS and macOS), so the test
gives the page one: it answers the badge's code once the page hands it a playing video with
frames, and nothing before. What runs for real is our page: the button shown only where the API
exists, the camera opened through getUserMedia, frames passed to the detector, the code filled in
and the form submitted, and the check-in recorded by the server. The QR decoding itself is the
browser's and is not covered here."""

from __future__ import annotations

import json
import os

import pytest
from django.urls import reverse

from registration.models import CheckIn
from registration.services import badges, registering
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import UserFactory
from tests.registration.helpers import desk_of, open_forum, secretariat_of
from tests.remote_hubs.wsclient import session_cookie_for

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]

DETECTOR = """
window.__frames = 0;
window.BarcodeDetector = class {
  constructor(options) { this.formats = (options || {}).formats || []; }
  async detect(source) {
    const playing = source instanceof HTMLVideoElement && source.readyState >= 2
      && source.videoWidth > 0 && source.srcObject && source.srcObject.active;
    if (!playing || !this.formats.includes("qr_code")) return [];
    window.__frames += 1;
    return window.__frames < 3 ? [] : [{ rawValue: %s, format: "qr_code" }];
  }
};
"""


@pytest.fixture
def camera_browser():
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            args = [*CHROMIUM_ARGS, "--use-fake-device-for-media-stream",
                    "--use-fake-ui-for-media-stream"]  # fmt: skip
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def test_the_desk_scans_a_badge_with_the_camera_and_a_second_scan_counts_once(
    daphne_server, camera_browser
):
    forum = open_forum()
    person = UserFactory(name="Amina Diallo")
    registration = registering.registration_submit(
        forum=forum, by=person, attendance="onsite", consent=True, notify=False
    )
    registration = registering.registration_decide(
        registration=registration, by=secretariat_of(forum), approve=True, notify=False
    )
    code = badges.badge_code(registration)
    context = camera_browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(30_000)
    context.grant_permissions(["camera"], origin=daphne_server)
    context.add_cookies(
        [{"name": "sessionid", "value": session_cookie_for(desk_of(forum)), "url": daphne_server}]
    )
    context.add_init_script(DETECTOR % json.dumps(code))
    page = context.new_page()
    url = daphne_server + reverse("registration_check_in", kwargs={"slug": forum.slug})
    try:
        for expected in ("Checked in", "Already checked in today"):
            page.goto(url)
            scan = page.get_by_role("button", name="Scan with the camera")
            scan.wait_for(state="visible")
            with page.expect_navigation():
                scan.click()
            assert expected in page.locator("main").inner_text()
        assert CheckIn.objects.filter(registration=registration).count() == 1
    finally:
        context.close()
