"""The proposal form page: labels and prefill, drafts, errors next to their fields, double
submission, the rate limit, outside the call, and text shown escaped."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.utils import timezone

from forum.models import ForumRole, QueuedMail
from sessions.models import Proposal
from sessions.services.proposals import proposal_submit
from tests.factories import grant
from tests.sessions.proposal_pages import SCRIPT, form_data, url
from tests.sessions.proposal_pages import setup as setup  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_log_in(client, setup):
    response = client.get(url("proposal_create", setup))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_form_page_is_labelled_and_prefilled_with_the_organizer(client, setup):
    client.force_login(setup.organizer)
    response = client.get(url("proposal_create", setup))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_title">Title</label>' in html
    assert f'value="{setup.organizer.email}"' in html
    assert '<main id="content"' in html


def test_a_draft_is_saved_with_almost_nothing(client, setup):
    client.force_login(setup.organizer)
    data = {
        "action": "draft",
        "creation_key": str(uuid.uuid4()),
        "title": "Half an idea",
        "organizers-TOTAL_FORMS": "0",
        "organizers-INITIAL_FORMS": "0",
        "speakers-TOTAL_FORMS": "0",
        "speakers-INITIAL_FORMS": "0",
    }
    response = client.post(url("proposal_create", setup), data)
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("proposal_edit", setup, pk=proposal.pk)
    assert (proposal.title, proposal.status) == ("Half an idea", Proposal.Status.DRAFT)


def test_a_failed_submission_lists_every_problem_linked_to_its_field_and_keeps_what_was_typed(
    client, setup
):
    client.force_login(setup.organizer)
    data = form_data(
        setup,
        title="",
        duration="90",
        format="fishbowl",
        **{"speakers-1-email": "not an email", "speakers-2-name": ""},
        description="A description I typed " + SCRIPT,
    )
    response = client.post(url("proposal_create", setup), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert Proposal.objects.count() == 0
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    # Every problem at once: the unreadable email and what the submission itself lacks.
    assert re.findall(r'href="#([^"]+)"', summary) == [
        "id_title",
        "id_format",
        "id_speakers-1-email",
        "id_speakers-2-name",
    ]
    assert "Enter a valid email address." in html
    assert (
        '<ul class="field-error" id="id_title_error"><li>Give the session a title.</li></ul>'
        in html
    )
    assert "This format is not offered for Workshop sessions." in html
    # What was typed is still there, escaped.
    assert "A description I typed &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert SCRIPT not in html
    assert Proposal.objects.count() == 0


def test_submitting_twice_with_the_same_form_creates_one_proposal(client, setup):
    client.force_login(setup.organizer)
    data = form_data(setup)
    first = client.post(url("proposal_create", setup), data)
    second = client.post(url("proposal_create", setup), data)
    proposal = Proposal.objects.get()
    assert first["Location"] == second["Location"] == url("proposal_detail", setup, pk=proposal.pk)
    assert proposal.status == Proposal.Status.SUBMITTED
    assert QueuedMail.objects.count() == 7  # one receipt, six invitations


def test_bad_input_in_a_draft_is_refused_next_to_its_field_and_nothing_is_stored(client, setup):
    client.force_login(setup.organizer)
    data = form_data(
        setup,
        action="draft",
        title="x" * 201,
        previous_report_url="javascript:alert(1)",
        **{"speakers-0-email": "nope@", "organizers-0-email": "also wrong"},
    )
    response = client.post(url("proposal_create", setup), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert Proposal.objects.count() == 0
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert re.findall(r'href="#([^"]+)"', summary) == [
        "id_title",
        "id_previous_report_url",
        "id_organizers-0-email",
        "id_speakers-0-email",
    ]
    assert "Ensure this value has at most 200 characters (it has 201)." in html
    assert 'aria-describedby="id_title_error"' in html
    assert 'aria-invalid="true"' in html


def test_submissions_are_rate_limited(client, setup, settings):
    client.force_login(setup.organizer)
    data = {
        "action": "draft",
        "organizers-TOTAL_FORMS": "0",
        "organizers-INITIAL_FORMS": "0",
        "speakers-TOTAL_FORMS": "0",
        "speakers-INITIAL_FORMS": "0",
    }
    statuses = [
        client.post(
            url("proposal_create", setup), {**data, "creation_key": str(uuid.uuid4())}
        ).status_code
        for _ in range(31)
    ]
    assert statuses == [302] * 30 + [429]
    assert Proposal.objects.count() == 30


def test_outside_the_call_the_form_says_so_and_takes_nothing(client, setup):
    setup.call.opens_at = timezone.now() + dt.timedelta(days=1)
    setup.call.closes_at = timezone.now() + dt.timedelta(days=30)
    setup.call.save()
    client.force_login(setup.organizer)
    response = client.get(url("proposal_create", setup))
    assert response.status_code == 403
    assert "The call for proposals is not open" in response.content.decode()
    assert client.post(url("proposal_create", setup), form_data(setup)).status_code == 403
    assert Proposal.objects.count() == 0
    assert (
        url("proposal_create", setup)
        not in client.get(url("proposal_mine", setup)).content.decode()
    )


def test_script_in_every_text_field_is_stored_as_typed_and_shown_escaped(client, setup):
    from dataclasses import replace as _replace

    grant(setup.organizer, setup.forum, ForumRole.Role.SECRETARIAT)
    text_fields = [
        "title",
        "description",
        "expected_outcomes",
        "interaction_plan",
        "sdg_targets",
        "sdg_relevance",
        "accessibility_needs",
        "related_links",
        "reference",
    ]
    data = setup.data(**dict.fromkeys(text_fields, SCRIPT), policy_questions=[SCRIPT])
    organizer = _replace(data.organizers[0], name=SCRIPT, organisation=SCRIPT)
    people = [_replace(p, name=SCRIPT, organisation=SCRIPT, gender=SCRIPT) for p in data.people]
    proposal = proposal_submit(
        forum=setup.forum,
        by=setup.organizer,
        data=_replace(data, organizers=[organizer], people=people),
    )
    proposal.refresh_from_db()
    assert [getattr(proposal, name) for name in text_fields] == [SCRIPT] * len(text_fields)
    client.force_login(setup.organizer)
    token = proposal.people.first().confirmation_token
    pages = [
        url("proposal_detail", setup, pk=proposal.pk),
        url("proposal_edit", setup, pk=proposal.pk),
        url("proposal_mine", setup),
        url("screening_list", setup),
        url("screening_proposal", setup, pk=proposal.pk),
        url("proposal_person_answer", setup, token=token),
    ]
    for page in pages:
        html = client.get(page).content.decode()
        assert SCRIPT not in html, page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html, page
