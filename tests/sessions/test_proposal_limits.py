"""The call's limits: proposals per person and per institution, sessions per speaker, and the
creation key that makes a double submission one proposal."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum.models import QueuedMail
from sessions.models import Proposal, ProposalPerson
from sessions.services.proposals import (
    proposal_save_draft,
    proposal_withdraw,
)
from tests.factories import UserFactory
from tests.sessions.proposal_data import DURING_CALL, Setup, with_people
from tests.sessions.proposal_submitting import errors_of, submit

pytestmark = pytest.mark.django_db


def _fresh_speakers(setup, data, start):
    others = [p for p in data.people if p.role != ProposalPerson.Role.SPEAKER]
    return with_people(data, [setup.person(n) for n in range(start, start + 3)] + others)


def test_a_person_organises_at_most_three_proposals_and_withdrawn_ones_do_not_count():
    setup = Setup(max_proposals_per_institution=None, max_sessions_per_speaker=None)
    first = submit(setup)
    submit(setup)
    submit(setup)
    with pytest.raises(ValidationError) as excinfo:
        submit(setup)
    assert errors_of(excinfo) == {
        "__all__": ["You already organise 3 submitted proposals; a person may organise at most 3."]
    }
    proposal_withdraw(proposal=first, by=setup.organizer, now=DURING_CALL)
    assert submit(setup).status == Proposal.Status.SUBMITTED
    # A draft does not count either.
    assert Proposal.objects.filter(status=Proposal.Status.SUBMITTED).count() == 3


def test_an_institution_organises_at_most_three_proposals():
    setup = Setup(max_proposals_per_person=None, max_sessions_per_speaker=None)
    for _ in range(3):
        other = UserFactory()
        data = setup.data()
        organizer = replace(data.organizers[0], name=other.name, email=other.email)
        submit(setup, data=replace(data, organizers=[organizer]), by=other)
    with pytest.raises(ValidationError) as excinfo:
        data = setup.data()
        # The same institution, typed with other capitals and spaces.
        organizer = replace(
            data.organizers[0],
            organisation=" federal ministry for economic cooperation and development",
        )
        submit(setup, data=replace(data, organizers=[organizer]))
    assert errors_of(excinfo) == {
        "organizers-0-organisation": [
            "federal ministry for economic cooperation and development already organises 3 "
            "submitted proposals; an institution may organise at most 3."
        ]
    }


def test_a_speaker_is_in_at_most_three_sessions():
    setup = Setup(max_proposals_per_person=None, max_proposals_per_institution=None)
    for _ in range(3):
        submit(setup)
    with pytest.raises(ValidationError) as excinfo:
        submit(setup)
    assert errors_of(excinfo) == {
        f"speakers-{n}-email": [
            "This speaker is already in 3 submitted proposals; a speaker may be in at most 3."
        ]
        for n in range(3)
    }
    # With other speakers the same proposal goes through.
    assert submit(setup, data=_fresh_speakers(setup, setup.data(), 20)).status == "submitted"


def test_a_double_submission_creates_one_proposal():
    setup = Setup()
    key = uuid.uuid4()
    first = submit(setup, creation_key=key)
    second = submit(setup, creation_key=key)
    assert first.pk == second.pk
    assert Proposal.objects.count() == 1
    assert QueuedMail.objects.count() == 7  # one receipt, six invitations


def test_a_draft_then_its_submission_with_the_same_key_is_one_proposal():
    setup = Setup()
    key = uuid.uuid4()
    draft = proposal_save_draft(
        forum=setup.forum, by=setup.organizer, data=setup.data(), creation_key=key, now=DURING_CALL
    )
    submitted = submit(setup, creation_key=key)
    assert draft.pk == submitted.pk
    assert Proposal.objects.get().status == Proposal.Status.SUBMITTED


def test_another_user_cannot_reuse_a_creation_key():
    setup = Setup()
    key = uuid.uuid4()
    submit(setup, creation_key=key)
    with pytest.raises(PermissionDenied):
        submit(setup, creation_key=key, by=UserFactory())
