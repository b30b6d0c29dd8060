"""The speakers' answers: confirming or declining, what an edit or a withdrawal does to them, and
the organizers' notice of each answer."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from forum.models import QueuedMail
from sessions.models import ProposalPerson
from sessions.services.proposals import (
    proposal_person_answer,
    proposal_withdraw,
)
from tests.sessions.proposal_data import DURING_CALL, Setup, with_people
from tests.sessions.proposal_submitting import submit

pytestmark = pytest.mark.django_db


def test_a_speaker_confirms_or_declines_and_the_criteria_follow():
    setup = Setup()
    proposal = submit(setup)
    people = {p.email: p for p in proposal.people.all()}
    confirmed = proposal_person_answer(
        token=people["speaker0@example.org"].confirmation_token, accept=True
    )
    assert confirmed.confirmation == ProposalPerson.Confirmation.CONFIRMED
    proposal_person_answer(token=people["speaker2@example.org"].confirmation_token, accept=False)
    proposal.refresh_from_db()
    # Two speakers are left (a man and a woman), below the three the call asks for.
    assert proposal.criteria_failed == ["speakers"]
    with pytest.raises(ProposalPerson.DoesNotExist):
        proposal_person_answer(token=uuid.uuid4(), accept=True)


def test_editing_keeps_the_answers_and_a_changed_email_asks_again():
    setup = Setup()
    proposal = submit(setup)
    person = proposal.people.get(email="speaker0@example.org")
    proposal_person_answer(token=person.confirmation_token, accept=True)
    stored = {p.email: p.pk for p in proposal.people.all()}
    data = setup.data()
    people = [replace(p, id=stored[p.email]) for p in data.people]
    people[1] = replace(people[1], email="new.address@example.org")
    QueuedMail.objects.all().delete()
    submit(setup, data=with_people(data, people), proposal=proposal)
    kept = proposal.people.get(pk=person.pk)
    assert kept.confirmation == ProposalPerson.Confirmation.CONFIRMED
    assert kept.confirmation_token == person.confirmation_token
    assert list(QueuedMail.objects.values_list("to", flat=True)) == ["new.address@example.org"]


def test_withdrawing_hides_the_answer_link():
    setup = Setup()
    proposal = submit(setup)
    token = proposal.people.first().confirmation_token
    proposal_withdraw(proposal=proposal, by=setup.organizer, now=DURING_CALL)
    with pytest.raises(ProposalPerson.DoesNotExist):
        proposal_person_answer(token=token, accept=True)


def test_the_organizers_learn_of_each_answer_once():
    setup = Setup()
    proposal = submit(setup)
    QueuedMail.objects.all().delete()
    token = proposal.people.get(email="speaker1@example.org").confirmation_token
    proposal_person_answer(token=token, accept=False)
    proposal_person_answer(token=token, accept=False)  # the same answer again: no new mail
    mail = QueuedMail.objects.get()
    assert (mail.to, mail.subject) == (
        setup.organizer.email,
        "Speaker 1 has declined: The GovStack Initiative: digital government cooperation",
    )
