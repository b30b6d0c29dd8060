"""The proposal form in a real browser: the per-person limit is told before filling, the duration and
sub-theme lists follow the chosen session type and theme, speaker rows are added and removed (and
the server keeps exactly the rows left), checkboxes sit beside their labels, and the page runs
under the Content-Security-Policy without a violation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sessions.models import Proposal, ProposalPerson
from tests.factories import PASSWORD, ForumFactory, ThemeFactory, UserFactory
from tests.sessions.factories import CallForProposalsFactory, ProposalFactory, SessionTypeFactory

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]

CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective);
});
"""


def visible_options(page, selector: str) -> list[str]:
    return page.eval_on_selector(
        selector,
        "s => Array.from(s.options).filter(o => o.value && !o.hidden).map(o => o.textContent.trim())",
    )


def test_limit_lists_and_speaker_rows(daphne_server, browser):
    now = timezone.now()
    forum = ForumFactory(name="IGF 2032", slug="igf-2032", acronym="igf2032")
    CallForProposalsFactory(
        forum=forum,
        opens_at=now - dt.timedelta(days=5),
        closes_at=now + dt.timedelta(days=5),
        max_proposals_per_person=2,
    )
    SessionTypeFactory(forum=forum, code="workshop", name="Workshop", allowed_durations=[60, 90])
    SessionTypeFactory(forum=forum, code="lightning", name="Lightning talk", allowed_durations=[20])
    access = ThemeFactory(forum=forum, name="Access")
    trust = ThemeFactory(forum=forum, name="Trust")
    ThemeFactory(forum=forum, parent=access, name="Community networks")
    ThemeFactory(forum=forum, parent=trust, name="Cybersecurity")
    organizer = UserFactory(email="limit@example.org", name="Lima Organizer")
    ProposalFactory(forum=forum, created_by=organizer, status=Proposal.Status.SUBMITTED)

    context = browser.new_context(viewport={"width": 390, "height": 900})
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{daphne_server}/accounts/login/")
    page.locator("#id_username").fill(organizer.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{daphne_server}/")
    page.goto(f"{daphne_server}/forums/{forum.slug}/proposals/new/")

    # Told before filling anything, above the form.
    notice = page.get_by_test_id("person-limit")
    assert notice.inner_text() == (
        "A person may organise at most 2 submitted proposals in this forum.\nYou organise 1 so far."
    ) or " ".join(notice.inner_text().split()) == (
        "A person may organise at most 2 submitted proposals in this forum. You organise 1 so far."
    )
    assert notice.bounding_box()["y"] < page.locator("#id_title").bounding_box()["y"]

    # Durations follow the session type, sub-themes the theme.
    assert visible_options(page, "#id_duration") == ["20 minutes", "60 minutes", "90 minutes"]
    page.locator("#id_session_type").select_option(label="Lightning talk")
    assert visible_options(page, "#id_duration") == ["20 minutes"]
    page.locator("#id_session_type").select_option(label="Workshop")
    assert visible_options(page, "#id_duration") == ["60 minutes", "90 minutes"]
    page.locator("#id_theme").select_option(label="Trust")
    assert [o.split("›")[-1].strip() for o in visible_options(page, "#id_subtheme")] == [
        "Cybersecurity"
    ]

    # Three empty rows to start with; add two, remove one.
    rows = page.locator("#speakers fieldset.person:visible")
    assert rows.count() == 3
    page.get_by_role("button", name="Add a speaker").click()
    page.get_by_role("button", name="Add a speaker").click()
    assert rows.count() == 5
    assert page.evaluate("document.activeElement.id") == "id_speakers-4-name"
    assert page.locator("#speakers-4 legend").inner_text() == "Speaker 5"
    page.locator("#id_title").fill("Rows that come and go")
    page.locator("#id_speakers-0-name").fill("Ada Kept")
    page.locator("#id_speakers-3-name").fill("Bea Removed")
    page.locator("#id_speakers-4-name").fill("Cem Added")
    page.get_by_role("button", name="Remove this speaker (Speaker 4)").click()
    assert rows.count() == 4

    # A checkbox sits on the same line as its label, before it.
    box = page.locator("#id_first_time_organizer").bounding_box()
    label = page.locator("label[for=id_first_time_organizer]").bounding_box()
    assert (
        abs((box["y"] + box["height"] / 2) - (label["y"] + label["height"] / 2)) < label["height"]
    )
    assert box["x"] + box["width"] <= label["x"]

    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(f"{daphne_server}/forums/{forum.slug}/proposals/*/edit/")
    draft = Proposal.objects.get(title="Rows that come and go")
    assert sorted(
        draft.people.filter(role=ProposalPerson.Role.SPEAKER).values_list("name", flat=True)
    ) == ["Ada Kept", "Cem Added"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("window.__cspViolations") == []
    assert [e for e in errors if "Content Security Policy" in e] == []
    context.close()
