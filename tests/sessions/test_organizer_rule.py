"""One rule for who organises a proposal, asked by the proposals and the review stages alike."""

from __future__ import annotations

import pytest

from sessions.models import ProposalOrganizer, ProposalPerson
from sessions.rules import proposals as proposal_rules
from sessions.rules import review as review_rules
from tests.factories import UserFactory
from tests.sessions.factories import ProposalFactory, ProposalPersonFactory

pytestmark = pytest.mark.django_db


def _fresh(proposal):
    """The proposal without the organizer cache a predicate left on it."""
    return type(proposal).objects.get(pk=proposal.pk)


def _asks(user, proposal) -> list[bool]:
    """Every place that asks the rule, each on a fresh copy of the proposal."""
    return [
        proposal_rules.is_proposal_organizer.test(user, _fresh(proposal)),
        review_rules.is_proposal_organizer.test(user, _fresh(proposal)),
        proposal_rules.can_view_proposal.test(user, _fresh(proposal)),
        review_rules.can_see_outcome.test(user, _fresh(proposal)),
    ]


def test_both_stages_share_one_predicate():
    assert review_rules.is_proposal_organizer is proposal_rules.is_proposal_organizer


def test_the_creator_is_an_organizer():
    proposal = ProposalFactory()
    # Even if the creator's own organizer row is gone (replaced in an edit).
    ProposalOrganizer.objects.filter(proposal=proposal).delete()
    assert _asks(proposal.created_by, proposal) == [True, True, True, True]


def test_a_co_organizer_with_a_linked_account_is_an_organizer():
    proposal = ProposalFactory()
    co = UserFactory(email="co@example.org")
    ProposalOrganizer.objects.create(
        proposal=proposal, user=co, name=co.name, email="other@example.org", organisation="X"
    )
    assert _asks(co, proposal) == [True, True, True, True]


def test_a_co_organizer_named_by_the_email_of_an_active_account_is_an_organizer():
    co = UserFactory(email="named@example.org")
    proposal = ProposalFactory()
    ProposalOrganizer.objects.create(
        proposal=proposal, name="Named", email="Named@Example.org", organisation="X"
    )
    assert ProposalOrganizer.objects.get(proposal=proposal, email="Named@Example.org").user is None
    assert _asks(co, proposal) == [True, True, True, True]


def test_an_inactive_account_is_never_an_organizer():
    co = UserFactory(email="gone@example.org", is_active=False)
    proposal = ProposalFactory()
    ProposalOrganizer.objects.create(
        proposal=proposal, user=co, name="Gone", email=co.email, organisation="X"
    )
    assert _asks(co, proposal) == [False, False, False, False]


def test_a_speaker_is_not_an_organizer():
    speaker = UserFactory(email="speaker@example.org")
    proposal = ProposalFactory()
    ProposalPersonFactory(
        proposal=proposal, user=speaker, email=speaker.email, role=ProposalPerson.Role.SPEAKER
    )
    assert _asks(speaker, proposal) == [False, False, False, False]
