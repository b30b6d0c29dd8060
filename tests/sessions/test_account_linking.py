"""People named in proposals are linked to their account once they prove their address."""

import pytest

from forum.accounts import account_activate, activation_token
from forum.models import User
from sessions.models import ProposalOrganizer, ProposalPerson
from sessions.rules.proposals import can_edit_proposal
from tests.sessions.factories import ProposalFactory, ProposalPersonFactory

pytestmark = pytest.mark.django_db


def test_a_co_organizer_who_signs_up_later_may_edit_after_activation():
    proposal = ProposalFactory()
    ProposalOrganizer.objects.create(
        proposal=proposal, name="Nanjira Sambuli", email="Nanjira@DIAL.example"
    )
    speaker = ProposalPersonFactory(proposal=proposal, email="nanjira@dial.example")
    user = User.objects.create_user(
        "nanjira@dial.example", "pw 12345 long", name="N. S.", is_active=False
    )
    # Not linked while the address is unproven.
    assert ProposalOrganizer.objects.get(email="Nanjira@DIAL.example").user is None

    account_activate(token=activation_token(user))

    assert ProposalOrganizer.objects.get(email="Nanjira@DIAL.example").user == user
    speaker.refresh_from_db()
    assert speaker.user == user
    assert can_edit_proposal.test(User.objects.get(pk=user.pk), proposal) is True


def test_an_existing_link_is_never_taken_over():
    proposal = ProposalFactory()
    owner = proposal.created_by
    row = ProposalPerson.objects.create(
        proposal=proposal, name="X", email="someone@example.org", user=owner
    )
    User.objects.create_user("someone@example.org", "pw 12345 long", name="Someone")
    row.refresh_from_db()
    assert row.user == owner
