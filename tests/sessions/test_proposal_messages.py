"""After every save of the proposal form, the page says what actually happened: a draft saved, a
proposal submitted or its changes saved, and how many people were newly asked to confirm."""

from __future__ import annotations

import pytest

from forum.models import QueuedMail
from sessions.models import Proposal
from tests.sessions.proposal_pages import form_data, person_fields, url
from tests.sessions.proposal_pages import setup as setup  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

INVITATION = "Please confirm your part in"


def _said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _invitations() -> int:
    return QueuedMail.objects.filter(subject__startswith=INVITATION).count()


def test_each_save_says_what_was_done_and_who_was_asked(client, setup):
    client.force_login(setup.organizer)
    data = form_data(setup)
    response = client.post(url("proposal_create", setup), data, follow=True)
    assert _said(response) == [
        "Your proposal is submitted. 6 people named in it were newly asked by email to confirm "
        "their part."
    ]
    assert _invitations() == 6
    proposal = Proposal.objects.get()

    # The same form sent again (a double click): nothing more happens, and the page says so.
    response = client.post(url("proposal_create", setup), data, follow=True)
    assert _said(response) == ["This proposal was already submitted: nothing more was done."]
    assert _invitations() == 6

    # An edit that names nobody new sends nothing and says so.
    ids = {p.email: p.pk for p in proposal.people.all()}
    edit = form_data(
        setup, title="New title", **{"speakers-INITIAL_FORMS": "3", "organizers-INITIAL_FORMS": "1"}
    )
    for n in range(3):
        edit[f"speakers-{n}-id"] = str(ids[f"speaker{n}@example.org"])
    for n, role in ((10, "onsite_moderator"), (11, "online_moderator"), (12, "rapporteur")):
        edit[f"{role}-id"] = str(ids[f"speaker{n}@example.org"])
    for action in ("submit", "draft"):
        edit["action"] = action
        response = client.post(url("proposal_edit", setup, pk=proposal.pk), edit, follow=True)
        assert _said(response) == ["Your changes are saved. Nobody was newly asked to confirm."]
    assert _invitations() == 6

    # A speaker added: one person newly asked.
    edit.update(person_fields("speakers-3", 3), **{"speakers-TOTAL_FORMS": "4"})
    response = client.post(url("proposal_edit", setup, pk=proposal.pk), edit, follow=True)
    assert _said(response) == [
        "Your changes are saved. 1 person named in it was newly asked by email to confirm their "
        "part."
    ]
    assert _invitations() == 7
    proposal.refresh_from_db()
    assert (proposal.title, proposal.status) == ("New title", "submitted")


def test_a_draft_says_it_is_a_draft_and_asks_nobody(client, setup):
    client.force_login(setup.organizer)
    response = client.post(
        url("proposal_create", setup), form_data(setup, action="draft"), follow=True
    )
    assert _said(response) == [
        "Draft saved. You can come back to it at any time before the deadline."
    ]
    assert Proposal.objects.get().status == "draft"
    assert QueuedMail.objects.count() == 0
