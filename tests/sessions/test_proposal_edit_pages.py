"""Who may open and change a proposal through the pages: MAG members, strangers (404), the
organizers and co-organizers, and the read-only form after the deadline."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from forum.models import ForumRole
from sessions.models import Proposal, ProposalPerson
from sessions.services.proposals import proposal_submit
from tests.factories import UserFactory, grant
from tests.sessions.proposal_pages import form_data, submitted_proposal, url
from tests.sessions.proposal_pages import setup as setup  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


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


def test_someone_else_gets_404_and_nothing_changes(client, setup):
    proposal = submitted_proposal(setup)
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
    proposal = submitted_proposal(setup)
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
    proposal = submitted_proposal(setup)
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
