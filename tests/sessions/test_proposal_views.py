"""The organizer's pages: the form (draft, submit, errors next to fields), my proposals, the
read-only state after the deadline, permissions, escaping and the speaker's answer page."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import ForumRole, QueuedMail, StakeholderGroup
from sessions.models import Proposal, ProposalPerson
from sessions.services.proposals import proposal_submit
from tests.factories import UserFactory, grant
from tests.sessions.proposal_data import Setup, group

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def setup():
    # The views act now: a call open around today.
    now = timezone.now()
    return Setup(opens_at=now - dt.timedelta(days=10), closes_at=now + dt.timedelta(days=10))


def url(name, setup, **kwargs):
    return reverse(name, kwargs={"slug": setup.forum.slug, **kwargs})


def person_fields(prefix, n, **overrides):
    values = {
        "name": f"Speaker {n}",
        "email": f"speaker{n}@example.org",
        "organisation": f"Institute {n}",
        "stakeholder_group": str(
            group(
                [
                    StakeholderGroup.GOVERNMENT,
                    StakeholderGroup.CIVIL_SOCIETY,
                    StakeholderGroup.TECHNICAL,
                ][n % 3]
            ).pk
        ),
        "country": "GH",
        "gender": "woman" if n % 2 else "man",
        "participation": "onsite",
        "confirmation": "provisional",
    }
    values.update(overrides)
    return {f"{prefix}-{k}": v for k, v in values.items()}


def form_data(setup, *, action="submit", speakers=3, key=None, **overrides):
    data = {
        "action": action,
        "creation_key": str(key or uuid.uuid4()),
        "title": "The GovStack Initiative",
        "session_type": str(setup.workshop.pk),
        "duration": "60",
        "format": "roundtable",
        "theme": str(setup.theme.pk),
        "subtheme": str(setup.subtheme.pk),
        "policy_question_1": "What role should the IGF play?",
        "description": "Digital building blocks.",
        "expected_outcomes": "Recommendations.",
        "interaction_plan": "Queues alternate.",
        "previous_report_url": "https://example.org/report",
        "organizers-TOTAL_FORMS": "1",
        "organizers-INITIAL_FORMS": "0",
        "organizers-0-name": setup.organizer.name,
        "organizers-0-email": setup.organizer.email,
        "organizers-0-organisation": "BMZ",
        "organizers-0-stakeholder_group": str(group(StakeholderGroup.GOVERNMENT).pk),
        "organizers-0-country": "DE",
        "speakers-TOTAL_FORMS": str(speakers),
        "speakers-INITIAL_FORMS": "0",
    }
    for n in range(speakers):
        data.update(person_fields(f"speakers-{n}", n))
    data.update(person_fields("onsite_moderator", 10))
    data.update(person_fields("online_moderator", 11, participation="online"))
    data.update(person_fields("rapporteur", 12))
    data.update(overrides)
    return data


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


def test_mag_members_get_a_clear_refusal(client, setup):
    grant(setup.organizer, setup.forum, ForumRole.Role.MAG_MEMBER)
    client.force_login(setup.organizer)
    response = client.get(url("proposal_create", setup))
    assert response.status_code == 403
    assert (
        "does not allow members of the Multistakeholder Advisory Group" in response.content.decode()
    )
    assert client.post(url("proposal_create", setup), form_data(setup)).status_code == 403
    assert Proposal.objects.count() == 0


def _submitted(setup, **overrides) -> Proposal:
    from tests.sessions.proposal_data import DURING_CALL  # noqa: F401 - the call here is "now"

    return proposal_submit(forum=setup.forum, by=setup.organizer, data=setup.data(**overrides))


def test_someone_else_gets_404_and_nothing_changes(client, setup):
    proposal = _submitted(setup)
    stranger = UserFactory()
    client.force_login(stranger)
    for name in ("proposal_edit", "proposal_detail"):
        assert client.get(url(name, setup, pk=proposal.pk)).status_code == 404
    assert (
        client.post(
            url("proposal_edit", setup, pk=proposal.pk), form_data(setup, title="Hijack")
        ).status_code
        == 404
    )
    assert client.post(url("proposal_withdraw", setup, pk=proposal.pk)).status_code == 404
    proposal.refresh_from_db()
    assert (proposal.title, proposal.status) == (
        "The GovStack Initiative: digital government cooperation",
        "submitted",
    )


def test_after_the_deadline_the_form_is_read_only_with_a_clear_message(client, setup):
    proposal = _submitted(setup)
    setup.workshop.deadline = timezone.now() - dt.timedelta(minutes=1)
    setup.workshop.save()
    client.force_login(setup.organizer)
    response = client.get(url("proposal_edit", setup, pk=proposal.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "The deadline for Workshop proposals passed on" in html
    assert re.search(
        r'<input type="text" name="title" value="[^"]*" maxlength="200" disabled id="id_title">',
        html,
    )
    assert "Submit proposal" not in html and "Save changes" not in html
    response = client.post(
        url("proposal_edit", setup, pk=proposal.pk), form_data(setup, title="Late")
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.title == "The GovStack Initiative: digital government cooperation"


def test_an_organizer_edits_a_submitted_proposal_and_answers_are_kept(client, setup):
    proposal = _submitted(setup)
    person = proposal.people.get(email="speaker0@example.org")
    person.confirmation = ProposalPerson.Confirmation.CONFIRMED
    person.save()
    client.force_login(setup.organizer)
    page = client.get(url("proposal_edit", setup, pk=proposal.pk)).content.decode()
    assert "Confirmed" in page
    ids = {p.email: p.pk for p in proposal.people.all()}
    data = form_data(setup, title="New title", **{"speakers-INITIAL_FORMS": "3"})
    for n in range(3):
        data[f"speakers-{n}-id"] = str(ids[f"speaker{n}@example.org"])
    response = client.post(url("proposal_edit", setup, pk=proposal.pk), data)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "New title"
    assert proposal.people.get(pk=person.pk).confirmation == "confirmed"


def test_my_proposals_shows_status_reason_and_escapes_titles(
    client, setup, django_assert_num_queries
):
    client.force_login(setup.organizer)
    proposal = _submitted(setup, title=SCRIPT)
    # What the organizers were told by the announcement of the screening results.
    Proposal.objects.filter(pk=proposal.pk).update(
        eligibility_announced="ineligible", eligibility_reason_announced="<b>No</b>"
    )
    with django_assert_num_queries(11):
        response = client.get(url("proposal_mine", setup))
    html = response.content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<span data-testid="eligibility-reason">&lt;b&gt;No&lt;/b&gt;</span>' in html
    assert "3 named, 0 confirmed, 0 declined" in html


def test_my_proposals_costs_the_same_queries_for_many(client, setup, django_assert_num_queries):
    client.force_login(setup.organizer)
    setup.call.max_proposals_per_person = setup.call.max_sessions_per_speaker = None
    setup.call.max_proposals_per_institution = None
    setup.call.save()
    setup.forum.refresh_from_db()
    for _ in range(5):
        _submitted(setup)
    with django_assert_num_queries(11):
        response = client.get(url("proposal_mine", setup))
    assert response.content.decode().count('data-testid="status"') == 5


def test_withdrawing_from_my_proposals(client, setup):
    proposal = _submitted(setup)
    client.force_login(setup.organizer)
    # The list links to a page that asks first; nothing changes until the button is pressed.
    assert (
        url("proposal_withdraw", setup, pk=proposal.pk)
        in client.get(url("proposal_mine", setup)).content.decode()
    )
    page = client.get(url("proposal_withdraw", setup, pk=proposal.pk))
    assert "this cannot be undone" in page.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    response = client.post(url("proposal_withdraw", setup, pk=proposal.pk))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    assert (
        client.get(url("proposal_edit", setup, pk=proposal.pk))
        .content.decode()
        .count("This proposal was withdrawn")
        == 1
    )


def test_the_speaker_confirms_from_the_link_without_an_account(client, setup):
    proposal = _submitted(setup)
    person = proposal.people.get(email="speaker1@example.org")
    link = url("proposal_person_answer", setup, token=person.confirmation_token)
    page = client.get(link)
    assert page.status_code == 200
    assert "Speaker 1, you are named as speaker" in page.content.decode()
    response = client.post(link, {"answer": "confirm"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.confirmation == ProposalPerson.Confirmation.CONFIRMED
    assert client.get(url("proposal_person_answer", setup, token=uuid.uuid4())).status_code == 404
    assert client.post(link, {"answer": "maybe"}).status_code == 404


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


def test_a_co_organizer_edits_through_the_page_and_others_cannot(client, setup):
    co = UserFactory(email="co@example.org")
    data = setup.data()
    from dataclasses import replace as _replace

    organizers = [*data.organizers, _replace(data.organizers[0], email="co@example.org", name="Co")]
    proposal = proposal_submit(
        forum=setup.forum, by=setup.organizer, data=_replace(data, organizers=organizers)
    )
    client.force_login(co)
    assert client.get(url("proposal_edit", setup, pk=proposal.pk)).status_code == 200
    mine = client.get(url("proposal_mine", setup)).content.decode()
    assert "The GovStack Initiative: digital government cooperation" in mine


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


def test_the_forum_page_links_to_the_proposal_pages(client, setup):
    client.force_login(setup.organizer)
    html = client.get(reverse("forum_detail", kwargs={"slug": setup.forum.slug})).content.decode()
    assert f'href="{url("proposal_mine", setup)}"' in html
    assert f'href="{url("proposal_create", setup)}"' in html
    assert f'href="{url("screening_list", setup)}"' not in html
    grant(setup.organizer, setup.forum, ForumRole.Role.SECRETARIAT)
    client.force_login(setup.organizer)
    html = client.get(reverse("forum_detail", kwargs={"slug": setup.forum.slug})).content.decode()
    assert f'href="{url("screening_list", setup)}"' in html


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
