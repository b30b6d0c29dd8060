"""A real browser on a real daphne server with a real Celery worker: an organizer drafts a
proposal, adds speakers, submits; a speaker confirms from the link in the email; the secretariat
marks the proposal eligible."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.utils import timezone

from forum.models import ForumRole, QueuedMail
from sessions.models import Proposal, ProposalPerson
from tests.factories import PASSWORD, ForumFactory, ThemeFactory, UserFactory, grant
from tests.sessions.factories import CallForProposalsFactory, SessionTypeFactory

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]


def log_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def fill_person(page, prefix, name, email, group, country, gender, participation="onsite"):
    page.locator(f"#id_{prefix}-name").fill(name)
    page.locator(f"#id_{prefix}-email").fill(email)
    page.locator(f"#id_{prefix}-organisation").fill(f"{name} Institute")
    page.locator(f"#id_{prefix}-stakeholder_group").select_option(label=group)
    page.locator(f"#id_{prefix}-country").select_option(country)
    page.locator(f"#id_{prefix}-gender").fill(gender)
    page.locator(f"#id_{prefix}-participation").select_option(participation)


def wait_for_sent(email: str, timeout: float = 30) -> QueuedMail:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mail = QueuedMail.objects.filter(to=email).first()
        if mail and mail.status == QueuedMail.Status.SENT:
            return mail
        time.sleep(0.2)
    raise AssertionError(f"no mail sent to {email}")


def test_draft_speakers_submit_confirm_and_screen(daphne_server, celery_worker_process, browser):
    now = timezone.now()
    forum = ForumFactory(name="IGF 2031", slug="igf-2031", acronym="igf2031")
    CallForProposalsFactory(
        forum=forum, opens_at=now - dt.timedelta(days=5), closes_at=now + dt.timedelta(days=5)
    )
    SessionTypeFactory(forum=forum)
    theme = ThemeFactory(forum=forum, name="Digital cooperation")
    ThemeFactory(forum=forum, parent=theme, name="Digital public goods")
    organizer = UserFactory(email="organizer@example.org", name="Martina Metz")
    secretariat = UserFactory(email="secretariat@example.org", name="Secretariat")
    grant(secretariat, forum, ForumRole.Role.SECRETARIAT)
    base = daphne_server

    # The organizer starts with a title and saves a draft.
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, base, organizer.email)
    page.goto(f"{base}/forums/{forum.slug}/proposals/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Title", exact=True).fill("The GovStack Initiative <script>alert(1)</script>")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/proposals/\d+/edit/$"))
    assert "Draft saved" in page.locator(".messages").inner_text()
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.DRAFT

    # Then the rest, with two speakers only: the submission lists the problem next to the field.
    page.get_by_label("Session type", exact=True).select_option(label="Workshop")
    page.get_by_label("Duration (minutes)", exact=True).select_option("60")
    page.get_by_label("Format", exact=True).select_option("roundtable")
    page.get_by_label("Theme", exact=True).select_option(label="Digital cooperation")
    page.get_by_label("Sub-theme", exact=True).select_option(
        label="Digital cooperation › Digital public goods"
    )
    page.get_by_label("Policy question 1", exact=True).fill(
        "What role should the IGF play in digital cooperation?"
    )
    page.get_by_label("Description", exact=True).fill("Digital building blocks for governments.")
    page.get_by_label("Expected outcomes", exact=True).fill("Recommendations.")
    page.get_by_label("How onsite and online participants will interact", exact=True).fill(
        "Queues alternate."
    )
    page.get_by_label("Link to the report of your session at the previous edition").fill(
        "https://www.intgovforum.org/en/content/report"
    )
    fill_person(page, "speakers-0", "Nele Leosk", "nele@example.org", "Government", "EE", "woman")
    fill_person(
        page,
        "speakers-1",
        "Abhishek Singh",
        "abhishek@example.org",
        "Technical Community",
        "IN",
        "man",
    )
    fill_person(
        page,
        "onsite_moderator",
        "Nanjira Sambuli",
        "nanjira@example.org",
        "Civil Society",
        "KE",
        "woman",
    )
    fill_person(
        page,
        "online_moderator",
        "Sherman Kong",
        "sherman@example.org",
        "Civil Society",
        "US",
        "man",
        "online",
    )
    fill_person(page, "rapporteur", "Pia Seiffarth", "pia@example.org", "Government", "DE", "woman")
    page.get_by_role("button", name="Submit proposal").click()
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert summary.get_by_role("link").all_inner_texts() == [
        "Name at least 3 speakers; you named 2."
    ]
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    Proposal.objects.get(status=Proposal.Status.DRAFT)  # still a draft, nothing lost:
    assert page.locator("#id_speakers-1-name").input_value() == "Abhishek Singh"

    fill_person(page, "speakers-2", "Telli Koroma", "telli@example.org", "Government", "SL", "man")
    page.get_by_role("button", name="Submit proposal").click()
    page.wait_for_url(re.compile(rf"/proposals/{proposal.pk}/$"))
    assert page.get_by_test_id("proposal-status").inner_text() == "Submitted"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "The GovStack Initiative <script>alert(1)</script>"
    )

    # The Celery worker sends the speaker's invitation; the speaker confirms from its link.
    mail = wait_for_sent("nele@example.org")
    link = re.search(r"http://\S+/answer/\S+/", mail.body).group(0)
    speaker_page = browser.new_context().new_page()
    speaker_page.goto(link)
    speaker_page.get_by_role("button", name="I confirm").click()
    assert speaker_page.get_by_test_id("answer").inner_text() == "Confirmed"
    assert ProposalPerson.objects.get(email="nele@example.org").confirmation == "confirmed"

    # The organizer sees each speaker's status.
    page.reload()
    statuses = dict(
        zip(
            page.get_by_test_id("person-row").locator("th").all_inner_texts(),
            page.get_by_test_id("person-row").get_by_test_id("person-status").all_inner_texts(),
            strict=True,
        )
    )
    assert statuses["Nele Leosk"] == "Confirmed"
    assert statuses["Abhishek Singh"] == "Provisionally confirmed by the organizer"
    context.close()

    # The secretariat marks it eligible from the screening list, on a phone.
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, base, secretariat.email)
    page.goto(f"{base}/forums/{forum.slug}/screening/")
    assert page.get_by_test_id("result-count").inner_text() == "1 proposal"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name="The GovStack Initiative <script>alert(1)</script>").click()
    wide = page.evaluate(
        "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 360"
        " && !e.closest('.table-wrap')).map(e => e.tagName + '.' + e.className).slice(0, 5)"
    )
    assert wide == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.get_by_test_id("criteria").locator("li.failed").count() == 0
    page.get_by_label("Eligible", exact=True).check()
    page.get_by_role("button", name="Save decision").click()
    assert "Screening saved." in page.locator(".messages").inner_text()
    # The organizers are told only when the secretariat announces the results.
    assert page.get_by_test_id("eligibility").inner_text() == "Not screened yet"
    screened_page = page.url
    page.get_by_role("link", name="Announce the results").click()
    assert page.get_by_test_id("announce-row").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Announce this result and mail its organizers").click()
    assert "1 screening result announced" in page.locator(".messages").inner_text()
    page.goto(screened_page)
    assert page.get_by_test_id("eligibility").inner_text() == "Eligible"
    proposal.refresh_from_db()
    assert (proposal.eligibility, proposal.screened_by_id) == ("eligible", secretariat.pk)
    context.close()
