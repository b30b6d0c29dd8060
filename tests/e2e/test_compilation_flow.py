"""The secretariat builds the Forum Messages, watches the progress bar and downloads the PDF (a
real daphne and a real Celery worker; the report-editing half is the reports app's test)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from reports.models import SessionReport
from sessions.models import Session
from tests.e2e.test_review_flow import login
from tests.factories import ForumFactory
from tests.outputs.helpers import secretariat_of, theme
from tests.sessions.factories import SessionTypeFactory

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


RECORD_PROGRESS = """
document.addEventListener("DOMContentLoaded", () => {
  const bar = document.querySelector("[data-testid=progress-bar]");
  if (!bar) return;
  const keep = () => {
    const seen = JSON.parse(sessionStorage.seen || "[]");
    const value = bar.getAttribute("aria-valuenow");
    if (seen[seen.length - 1] !== value) seen.push(value);
    sessionStorage.seen = JSON.stringify(seen);
  };
  keep();
  new MutationObserver(keep).observe(bar, { attributes: true, attributeFilter: ["aria-valuenow"] });
});
"""


def test_secretariat_builds_the_messages_watches_progress_and_downloads_the_pdf(
    daphne_server, celery_worker_process, browser
):
    forum = ForumFactory(is_public=True)
    topic = theme(forum, "Universal access")
    session_type = SessionTypeFactory(forum=forum)
    sessions = Session.objects.bulk_create(
        Session(
            forum=forum, session_type=session_type, title=f"Session {n}", duration=60, theme=topic
        )
        for n in range(120)
    )
    SessionReport.objects.bulk_create(
        SessionReport(
            session=s,
            kind="short",
            status="approved",
            due_at=timezone.now(),
            key_takeaways=[f"Takeaway of {s.title}"],
            calls_to_action=["Act"],
        )
        for s in sessions
    )
    secretariat = secretariat_of(forum)
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    context.set_default_timeout(60_000)
    # Every value the bar takes, kept across the page's reload (sessionStorage).
    context.add_init_script(RECORD_PROGRESS)
    page = context.new_page()
    try:
        login(page, daphne_server, secretariat)
        page.goto(f"{daphne_server}/forums/{forum.slug}/")
        page.get_by_test_id("compilations-link").click()
        page.get_by_role("link", name="Forum Messages").click()
        page.get_by_test_id("build").click()
        bar = page.get_by_test_id("progress-bar")
        assert bar.get_attribute("aria-valuemax") == "100"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "outputs-building.png"), full_page=True)
        # The page asks for the task's progress and moves the bar, then reloads itself once the
        # build ends: the bar shows a value between the start and the end on the way.
        page.locator("tr[data-status=done]").wait_for()
        seen = [int(v) for v in page.evaluate("JSON.parse(sessionStorage.seen || '[]')")]
        assert seen == sorted(seen), seen
        assert any(0 < value < 100 for value in seen), seen
        page.screenshot(path=str(SCREENSHOTS / "outputs-compilation.png"), full_page=True)
        # At 390 px nothing widens the page, and the versions table fits: no part of a version
        # (its files and actions included) is hidden to the side.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        versions = page.get_by_test_id("versions")
        assert versions.evaluate("t => t.scrollWidth <= t.clientWidth")
        for cell in versions.locator("tr[data-status=done] > *").all():
            box = cell.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, cell.inner_text()
        with page.expect_download() as download_info:
            page.get_by_test_id("download-pdf").first.click()
        path = download_info.value.path()
        assert Path(path).read_bytes()[:4] == b"%PDF"
        assert download_info.value.suggested_filename == f"{forum.slug}-messages-v1.pdf"
    finally:
        context.close()
