"""A rapporteur prefills a session's short report from what the platform knows (the real Celery
task), edits and submits it; the secretariat returns it with a comment, the rapporteur reads
the comment and submits again, the secretariat approves it; the published report shows on the
public session page and in the API, and the Forum Messages built from it carry its takeaway
(a real daphne, a real Celery worker and the system Chromium)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from outputs.models import CompilationBuild
from registration.models import CheckIn
from remote_hubs.models import LiveRoom, Question, QuestionVote
from remote_hubs.services.live.presence_batch import presence_apply
from reports.models import SessionReport
from sessions.models import Bookmark
from tests.e2e.test_review_flow import login
from tests.factories import UserFactory
from tests.remote_hubs.factories import RegistrationFactory
from tests.reports.helpers import reported_session

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, (page.url, width, inner)


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def what_the_platform_knows(case) -> None:
    """Three badges checked in on the session's day, two of them women who had the session in
    their schedule; a live room that two people followed, and its questions."""
    day = timezone.localtime(case.session.starts_at).date()
    for gender in ("woman", "woman", "man"):
        registration = RegistrationFactory(forum=case.forum, gender=gender)
        CheckIn.objects.create(registration=registration, day=day)
        if gender == "woman":
            Bookmark.objects.create(user=registration.user, session=case.session)
    room = LiveRoom.objects.create(session=case.session)
    joins = {
        f"c{n}": {"room_id": room.pk, "user_id": UserFactory().pk if n else None, "hub_id": None}
        for n in range(2)
    }
    presence_apply(joins=joins, hubs={}, leaves=set())
    presence_apply(joins={}, hubs={}, leaves=set(joins))
    top = Question.objects.create(room=room, text="How do community networks get spectrum?")
    other = Question.objects.create(room=room, text="Who pays for the last mile?")
    for _ in range(3):
        QuestionVote.objects.create(question=top, user=UserFactory())
    QuestionVote.objects.create(question=other, user=UserFactory())


def test_rapporteur_prefills_edits_and_submits_and_the_secretariat_returns_then_approves(
    daphne_server, celery_worker_process, browser
):
    case = reported_session()
    what_the_platform_knows(case)
    report = case.short
    edit_url = f"{daphne_server}/forums/{case.forum.slug}/reports/{report.pk}/"

    rapporteur = browser.new_context(viewport=PHONE)
    rapporteur.set_default_timeout(30_000)
    secretariat = browser.new_context(
        viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    secretariat.set_default_timeout(60_000)
    public = browser.new_context(viewport=PHONE)
    try:
        # The rapporteur finds the report from the forum page and has the platform prefill it.
        page = rapporteur.new_page()
        login(page, daphne_server, case.rapporteur)
        page.goto(f"{daphne_server}/forums/{case.forum.slug}/")
        page.get_by_role("link", name="Your session reports (2)").click()
        page.get_by_role("link", name=f"{case.session.title} — Short report").click()
        page.wait_for_url(edit_url)
        assert page.get_by_test_id("prefill-status").inner_text() == "Not prefilled"
        page.get_by_role("button", name="Prefill from the platform").click()
        # The worker runs the task; the page asks how it stands and reloads when it is done.
        page.get_by_test_id("prefill-status").filter(has_text=re.compile(r"^Prefilled$")).wait_for()
        assert page.get_by_test_id("fact-checkins").inner_text() == (
            "3 badges checked in that day; of them, with this session in their schedule: 2 "
            "(women: 2)"
        )
        assert page.get_by_test_id("fact-presence").inner_text() == (
            "Signed-in people who joined: 1 online, 0 at hubs. Most connections at once: 2, "
            "of which 2 not at a hub (anonymous viewers included)."
        )
        questions = page.get_by_test_id("fact-questions").locator("li")
        assert questions.all_inner_texts() == [
            "How do community networks get spectrum? (3 votes)",
            "Who pays for the last mile? (1 vote)",
        ]
        assert "Rita Rapporteur" in page.get_by_test_id("platform-facts").inner_text()
        no_sideways_scroll(page)
        shot(page, "report-edit-phone")

        # Every control has a name; the rapporteur writes the takeaways and calls to action.
        page.get_by_label("Key takeaways").fill(
            "Community networks need spectrum.\nLast-mile funding is missing."
        )
        page.get_by_label("Calls to action").fill("Regulators should license community spectrum.")
        page.get_by_role("button", name="Submit to the secretariat").click()
        status = page.get_by_test_id("report-status")
        status.filter(has_text="Submitted").wait_for()
        assert page.get_by_test_id("takeaways").locator("li").all_inner_texts() == [
            "Community networks need spectrum.",
            "Last-mile funding is missing.",
        ]
        assert page.get_by_label("Key takeaways").count() == 0  # no longer editable

        # The secretariat returns it with a comment.
        desk = secretariat.new_page()
        login(desk, daphne_server, case.secretariat)
        desk.goto(f"{daphne_server}/forums/{case.forum.slug}/reports/?status=submitted")
        assert desk.get_by_test_id("report-count").inner_text() == "1 report"
        desk.get_by_test_id(f"report-row-{report.pk}").get_by_role(
            "link", name=case.session.title
        ).click()
        desk.wait_for_url(edit_url)
        shot(desk, "report-review")
        crumbs = desk.get_by_role("navigation", name="Breadcrumbs")
        assert crumbs.get_by_role("link").all_inner_texts() == [case.forum.name, "Session reports"]
        desk.get_by_label("What should change").fill("Name who should fund the last mile.")
        desk.get_by_role("button", name="Return with comments").click()
        desk.get_by_test_id("report-status").filter(has_text="Returned for changes").wait_for()

        # The rapporteur sees the comment, edits the draft again and resubmits.
        page.reload()
        assert "Returned for changes" in status.inner_text()
        assert (
            "Name who should fund the last mile."
            in page.get_by_test_id("review-comment").inner_text()
        )
        takeaways = page.get_by_label("Key takeaways")
        assert takeaways.input_value() == (
            "Community networks need spectrum.\nLast-mile funding is missing."
        )
        takeaways.fill(
            "Community networks need spectrum.\n"
            "Universal service funds should pay for the last mile."
        )
        no_sideways_scroll(page)
        shot(page, "report-returned-phone")
        page.get_by_role("button", name="Submit to the secretariat").click()
        status.filter(has_text="Submitted").wait_for()

        # The secretariat approves: the report is published.
        desk.reload()
        desk.get_by_test_id("approve").click()
        desk.get_by_test_id("report-status").filter(has_text="Approved").wait_for()
        approved = SessionReport.objects.get(pk=report.pk)
        assert (approved.status, approved.published_at is not None) == ("approved", True)

        # Anyone sees it on the public session page and in the API.
        visitor = public.new_page()
        visitor.goto(
            daphne_server
            + reverse(
                "programme_session",
                kwargs={"slug": case.forum.slug, "session_id": case.session.pk},
            )
        )
        published = visitor.get_by_test_id("published-report-short")
        assert published.locator("ol").first.locator("li").all_inner_texts() == [
            "Community networks need spectrum.",
            "Universal service funds should pay for the last mile.",
        ]
        assert "Regulators should license community spectrum." in published.inner_text()
        no_sideways_scroll(visitor)
        shot(visitor, "report-published-phone")
        api = visitor.request.get(
            f"{daphne_server}/api/v1/reports/?forum={case.forum.slug}&session={case.session.pk}"
        )
        assert api.ok
        results = api.json()["results"]
        assert [(r["kind"], r["key_takeaways"]) for r in results] == [
            (
                "short",
                [
                    "Community networks need spectrum.",
                    "Universal service funds should pay for the last mile.",
                ],
            )
        ]

        # The secretariat builds the Forum Messages: the approved takeaway is in them.
        desk.goto(f"{daphne_server}/forums/{case.forum.slug}/")
        desk.get_by_test_id("compilations-link").click()
        desk.get_by_role("link", name="Forum Messages").click()
        desk.get_by_test_id("build").click()
        desk.locator("tr[data-status=done]").wait_for()
        with desk.expect_download() as download_info:
            desk.get_by_test_id("download-pdf").first.click()
        assert Path(download_info.value.path()).read_bytes()[:4] == b"%PDF"
        build = CompilationBuild.objects.get(compilation__forum=case.forum, status="done")
        html = (Path(settings.MEDIA_ROOT) / build.html_file).read_text()
        assert "Universal service funds should pay for the last mile." in html
        assert "Last-mile funding is missing." not in html
    finally:
        rapporteur.close()
        secretariat.close()
        public.close()
