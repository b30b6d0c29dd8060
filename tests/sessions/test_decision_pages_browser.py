"""In a real browser at phone width: a bulk decision below the line stops on the page that lists
the proposal nobody reviewed, and records only once confirmed; the review desk says why it cannot
assign or remind after the review period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from sessions.models import Decision
from tests.e2e.test_review_flow import login, no_sideways_scroll, phone
from tests.sessions.review_helpers import (
    assign,
    make_forum,
    make_mag,
    make_proposals,
    make_secretariat,
    submit,
)

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    out = Path(settings.VAR_DIR) / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)


def test_bulk_rejection_lists_the_unreviewed_proposal_before_recording(daphne_server, browser):
    forum = make_forum()
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 1)
    top, low, lonely = make_proposals(forum, 3)
    lonely.title = "Nobody reviewed <i>this</i> one"
    lonely.save()
    for proposal, value in ((top, 5), (low, 2)):
        assign(proposal, mag[0])
        submit(proposal, mag[0], value)
    context, page = phone(browser)
    login(page, daphne_server, secretariat)
    page.goto(f"{daphne_server}/forums/{forum.slug}/review/results/?slots=1")
    form = page.locator("form[action$='/review/results/decide/']")
    form.get_by_label("every proposal below the line").check()
    form.get_by_label("Decision").select_option("reject")
    form.get_by_label("Why (kept on file, not sent)").fill("Below the line")
    form.get_by_role("button", name="Record the decisions").click()
    page.get_by_role("heading", name="Decide without a review?").wait_for()
    listed = page.get_by_test_id("unreviewed-list").locator("li").all_inner_texts()
    assert listed == [f"Nobody reviewed <i>this</i> one (#{lonely.pk})"]
    no_sideways_scroll(page)
    _shot(page, "decisions-confirm-unreviewed-360")
    assert Decision.objects.count() == 0
    page.get_by_role(
        "button", name="Record the decisions, including this unreviewed proposal"
    ).click()
    page.get_by_text("2 decisions recorded.").wait_for()
    assert set(Decision.objects.values_list("proposal_id", "outcome")) == {
        (low.pk, "reject"),
        (lonely.pk, "reject"),
    }

    # After the review period the desk says why it cannot assign or remind.
    config = forum.review_settings
    config.opens_at = timezone.now() - dt.timedelta(days=30)
    config.closes_at = timezone.now() - dt.timedelta(days=1)
    config.save()
    page.goto(f"{daphne_server}/forums/{forum.slug}/review/manage/")
    assert page.get_by_role("button", name="Assign reviewers").is_disabled()
    assert (
        "reviewers can no longer be assigned" in page.get_by_test_id("assign-closed").inner_text()
    )
    assert "so no reminders are sent" in page.get_by_test_id("remind-closed").inner_text()
    no_sideways_scroll(page)
    _shot(page, "review-desk-closed-360")
    context.close()
