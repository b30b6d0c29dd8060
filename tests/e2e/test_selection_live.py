"""A real browser on the selection board: ticking and unticking proposals updates the make-up in
place (no page load), says so in a polite live region, and puts user text in as text; without
JavaScript the "Update the make-up" button still does it with a page load."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sessions.models import ProposalOrganizer
from tests.e2e.test_review_flow import login, no_sideways_scroll, phone
from tests.factories import ThemeFactory
from tests.sessions.factories import ProposalPersonFactory
from tests.sessions.review_helpers import (
    assign,
    make_forum,
    make_mag,
    make_proposals,
    make_secretariat,
    submit,
)

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]


def ranked_forum():
    """Three proposals ranked 1, 2, 3 with different make-ups; one theme's name is HTML."""
    forum = make_forum()
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 2)
    themes = [ThemeFactory(forum=forum, name="AI"), ThemeFactory(forum=forum, name="<b>Access</b>")]
    proposals = make_proposals(forum, 3)
    setups = [
        # (theme, first-time, developing country, organizer country, speaker genders)
        (themes[0], True, False, "DE", ["man"]),
        (themes[1], True, True, "KE", ["woman", "woman"]),
        (themes[0], False, True, "BR", ["non-binary"]),
    ]
    for proposal, (theme, first, developing, country, genders) in zip(
        proposals, setups, strict=True
    ):
        proposal.theme = theme
        proposal.first_time_organizer = first
        proposal.developing_country_organizer = developing
        proposal.save()
        ProposalOrganizer.objects.filter(proposal=proposal).update(country=country)
        for gender in genders:
            ProposalPersonFactory(proposal=proposal, gender=gender)
    for proposal, value in zip(proposals, [5, 4, 3], strict=True):
        for reviewer in mag:
            assign(proposal, reviewer)
            submit(proposal, reviewer, value)
    return forum, secretariat, proposals


def makeup_lists(page) -> dict[str, str]:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#makeup-panel ul[data-makeup]')]
        .map(ul => [ul.dataset.makeup, ul.innerText.replace(/\\s+/g, ' ').trim()]))"""
    )


def test_the_make_up_follows_the_ticks_without_a_page_load(daphne_server, browser):
    forum, secretariat, proposals = ranked_forum()
    base = daphne_server
    context, page = phone(browser)
    login(page, base, secretariat)
    page.goto(f"{base}/forums/{forum.slug}/review/results/?slots=1")
    no_sideways_scroll(page)
    heading = page.locator("#makeup")
    status = page.locator("#makeup-status")
    assert status.get_attribute("aria-live") == "polite"
    assert heading.inner_text() == "Make-up of the selection (1 proposal)"
    assert page.get_by_test_id("first-time").inner_text() == "1"
    assert page.get_by_test_id("developing").inner_text() == "0"
    url = page.url
    page.evaluate("window.sameDocument = true")
    requests = []
    page.on("request", lambda r: requests.append(r) if "/make-up/" in r.url else None)

    # Tick the second: two proposals, both first-time, one from a developing country.
    page.locator(f"#sel-{proposals[1].pk}").check()
    expect(heading).to_have_text("Make-up of the selection (2 proposals)")
    expect(status).to_have_text("Make-up updated: 2 proposals selected.")
    assert page.get_by_test_id("first-time").inner_text() == "2"
    assert page.get_by_test_id("developing").inner_text() == "1"
    lists = makeup_lists(page)
    assert lists["themes"] == "<b>Access</b>: 1 AI: 1"
    assert lists["speaker_genders"] == "man: 1 woman: 2"
    assert lists["regions"] == "African Group: 1 Western European and Others Group: 1"
    # The theme's name went in as text: no element was made of it.
    assert page.locator("#makeup-panel b").count() == 0
    row = page.locator(f"tr[data-proposal='{proposals[1].pk}']")
    assert row.get_attribute("class") == "in"
    assert [r.method for r in requests] == ["POST"]

    # Untick the first: only the second is left.
    page.locator(f"#sel-{proposals[0].pk}").uncheck()
    expect(heading).to_have_text("Make-up of the selection (1 proposal)")
    expect(status).to_have_text("Make-up updated: 1 proposal selected.")
    assert page.get_by_test_id("first-time").inner_text() == "1"
    assert page.get_by_test_id("developing").inner_text() == "1"
    assert makeup_lists(page)["themes"] == "<b>Access</b>: 1"
    assert len(requests) == 2

    # Quick ticks within the debounce make one request, for the last state.
    page.evaluate(
        f"""() => {{ document.getElementById('sel-{proposals[2].pk}').click();
        document.getElementById('sel-{proposals[1].pk}').click(); }}"""
    )
    expect(heading).to_have_text("Make-up of the selection (1 proposal)")
    expect(page.get_by_test_id("first-time")).to_have_text("0")
    assert page.get_by_test_id("developing").inner_text() == "1"
    assert makeup_lists(page)["themes"] == "AI: 1"
    assert makeup_lists(page)["stakeholder_groups"] != "—"
    assert len(requests) == 3

    # Untick everything: an empty make-up.
    page.locator(f"#sel-{proposals[2].pk}").uncheck()
    expect(heading).to_have_text("Make-up of the selection (0 proposals)")
    assert set(makeup_lists(page).values()) == {"—"}
    assert page.get_by_test_id("first-time").inner_text() == "0"

    # All of it in the same document: no page load.
    assert page.url == url
    assert page.evaluate("window.sameDocument") is True
    context.close()


def test_without_javascript_the_button_updates_the_make_up(daphne_server, browser):
    forum, secretariat, proposals = ranked_forum()
    base = daphne_server
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, base, secretariat)
    page.goto(f"{base}/forums/{forum.slug}/review/results/?slots=1")
    assert page.get_by_test_id("first-time").inner_text() == "1"
    page.locator(f"#sel-{proposals[1].pk}").check()
    # Nothing changes until the button is pressed.
    assert page.locator("#makeup").inner_text() == "Make-up of the selection (1 proposal)"
    page.get_by_role("button", name="Update the make-up").click()
    expect(page.locator("#makeup")).to_have_text("Make-up of the selection (2 proposals)")
    assert page.get_by_test_id("first-time").inner_text() == "2"
    assert page.get_by_test_id("developing").inner_text() == "1"
    assert f"include={proposals[1].pk}" in page.url
    context.close()
