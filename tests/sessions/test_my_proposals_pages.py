"""My proposals (status, escaping, queries, withdrawing), the speaker's answer page and the links
from the forum page."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from forum.models import ForumRole
from sessions.models import Proposal, ProposalPerson
from tests.factories import grant
from tests.sessions.proposal_pages import SCRIPT, submitted_proposal, url
from tests.sessions.proposal_pages import setup as setup  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_my_proposals_shows_status_reason_and_escapes_titles(
    client, setup, django_assert_num_queries
):
    client.force_login(setup.organizer)
    proposal = submitted_proposal(setup, title=SCRIPT)
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
        submitted_proposal(setup)
    with django_assert_num_queries(11):
        response = client.get(url("proposal_mine", setup))
    assert response.content.decode().count('data-testid="status"') == 5


def test_withdrawing_from_my_proposals(client, setup):
    proposal = submitted_proposal(setup)
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
    proposal = submitted_proposal(setup)
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
