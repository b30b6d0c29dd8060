"""A real browser at phone width: a MAG member reviews (errors first, then a complete review), the
secretariat draws the line, decides in bulk and sends the notifications, which a real Celery
worker sends from the outbox, and the organizer reads the outcome."""

from __future__ import annotations

import time

import pytest

from forum.models import QueuedMail
from sessions.models import Decision, Review
from sessions.services import review as review_services
from tests.factories import PASSWORD
from tests.sessions.review_helpers import (
    make_forum,
    make_mag,
    make_proposals,
    make_secretariat,
    submit,
)

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]


def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.set_default_timeout(15_000)
    return context, context.new_page()


def login(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def no_sideways_scroll(page) -> None:
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 361).slice(0, 8)
        .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + getComputedStyle(e).overflowX + ' ' + getComputedStyle(e).position)"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, (page.url, wide)


def test_review_select_decide_notify_and_read_the_outcome(
    daphne_server, celery_worker_process, browser
):
    forum = make_forum()
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 3)
    proposals = make_proposals(forum, 2)
    proposals[0].title = "Connecting the <b>next</b> billion"
    proposals[0].save()
    review_services.assignment_run(forum=forum, by=secretariat)
    base = daphne_server

    # A MAG member reviews their first proposal with the keyboard-friendly form.
    context, page = phone(browser)
    login(page, base, mag[0])
    page.goto(f"{base}/forums/{forum.slug}/review/")
    no_sideways_scroll(page)
    assert page.get_by_test_id("my-progress").get_attribute("value") == "0"
    page.get_by_role("link", name="Connecting the <b>next</b> billion", exact=True).click()
    no_sideways_scroll(page)
    criteria = list(forum.review_criteria.all())
    for criterion in criteria:
        page.get_by_role("group", name=criterion.name).get_by_label("4").check()
    page.get_by_role("group", name=criteria[0].name).get_by_label("2").check()
    page.get_by_role("button", name="Submit review").click()
    alert = page.get_by_role("alert")
    assert "A score of 2 needs a reason: choose one from the list." in alert.inner_text()
    group = page.get_by_role("group", name=criteria[0].name)
    group.get_by_label("Reason").select_option(label="Policy questions unclear or too broad")
    group.get_by_label("Explanation").fill("The questions are very broad.")
    page.get_by_label("Comments to the organizers").fill("Narrow the questions, please.")
    page.get_by_role("button", name="Submit review").click()
    page.get_by_text("Your review is submitted.").wait_for()
    page.goto(f"{base}/forums/{forum.slug}/review/")
    assert page.get_by_test_id("my-progress").get_attribute("value") == "1"
    context.close()
    assert Review.objects.filter(reviewer=mag[0], status="submitted").count() == 1

    # The others review everything directly.
    for reviewer in mag:
        for assignment in reviewer.review_assignments.select_related("proposal"):
            if not Review.objects.filter(proposal=assignment.proposal, reviewer=reviewer).exists():
                submit(
                    assignment.proposal, reviewer, 5 if assignment.proposal == proposals[1] else 3
                )

    # The secretariat draws the line at one slot, accepts above and rejects below, and notifies.
    context, page = phone(browser)
    login(page, base, secretariat)
    page.goto(f"{base}/forums/{forum.slug}/review/manage/")
    no_sideways_scroll(page)
    assert page.get_by_test_id("progress-row").count() == 3
    page.goto(f"{base}/forums/{forum.slug}/review/manage/proposals/{proposals[0].pk}/")
    no_sideways_scroll(page)
    page.goto(f"{base}/forums/{forum.slug}/review/merge-candidates/")
    no_sideways_scroll(page)
    page.goto(f"{base}/forums/{forum.slug}/review/results/?slots=1")
    no_sideways_scroll(page)
    assert page.get_by_test_id("cut-line").count() == 1
    form = page.locator("form[action$='/review/results/decide/']")
    form.get_by_label("every proposal in the selection (above the line)").check()
    form.get_by_label("Decision").select_option("accept")
    form.get_by_label("Why (kept on file, not sent)").fill("Above the line")
    form.get_by_role("button", name="Record the decisions").click()
    page.get_by_text("1 decision recorded.").wait_for()
    form = page.locator("form[action$='/review/results/decide/']")
    form.get_by_label("every proposal below the line").check()
    form.get_by_label("Decision").select_option("reject")
    form.get_by_label("Why (kept on file, not sent)").fill("Below the line")
    form.get_by_role("button", name="Record the decisions").click()
    page.get_by_text("1 decision recorded.").wait_for()
    page.goto(f"{base}/forums/{forum.slug}/review/notifications/")
    no_sideways_scroll(page)
    assert page.get_by_test_id("preview").count() == 2
    assert page.get_by_test_id("preview-sample").count() == 3
    page.get_by_role("button", name="Send the notifications").click()
    page.get_by_text("2 notifications queued for sending.").wait_for()
    context.close()
    assert dict(Decision.objects.values_list("proposal_id", "outcome")) == {
        proposals[1].pk: "accept",
        proposals[0].pk: "reject",
    }
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        statuses = set(QueuedMail.objects.filter(forum=forum).values_list("status", flat=True))
        if statuses == {"sent"}:
            break
        time.sleep(0.2)
    assert statuses == {"sent"}, celery_worker_process.output()

    # The organizer of the rejected proposal reads the outcome and the comment, no names.
    context, page = phone(browser)
    login(page, base, proposals[0].created_by)
    page.goto(f"{base}/forums/{forum.slug}/proposals/{proposals[0].pk}/outcome/")
    no_sideways_scroll(page)
    assert page.get_by_test_id("outcome-decision").inner_text() == "Reject"
    comments = page.get_by_test_id("outcome-comments").inner_text()
    assert "Narrow the questions, please." in comments
    body = page.locator("main").inner_text()
    for reviewer in mag:
        assert reviewer.name not in body
    context.close()
