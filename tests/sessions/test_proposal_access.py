"""Who may submit or change a proposal, and when: the call's dates, each type's deadline, the
organizers and co-organizers, MAG members."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum.models import ForumRole, StakeholderGroup
from sessions.models import Proposal
from sessions.services.proposals import (
    OrganizerInput,
    proposal_withdraw,
)
from tests.factories import UserFactory, grant
from tests.sessions.proposal_data import AFTER_CALL, DURING_CALL, Setup, group
from tests.sessions.proposal_submitting import errors_of, submit

pytestmark = pytest.mark.django_db


def test_each_type_has_its_own_deadline():
    setup = Setup()
    setup.workshop.deadline = DURING_CALL - dt.timedelta(days=1)
    setup.workshop.save()
    with pytest.raises(ValidationError) as excinfo:
        submit(setup)
    assert errors_of(excinfo) == {
        "session_type": ["The deadline for this session type has passed."]
    }
    assert Proposal.objects.count() == 0


def test_nothing_can_be_submitted_before_the_call_opens_or_after_it_closes():
    setup = Setup()
    with pytest.raises(ValidationError) as before:
        submit(setup, now=dt.datetime(2030, 2, 1, tzinfo=dt.UTC))
    assert errors_of(before) == {"__all__": ["The call for proposals has not opened yet."]}
    with pytest.raises(ValidationError) as after:
        submit(setup, now=AFTER_CALL)
    assert errors_of(after) == {"session_type": ["The deadline for this session type has passed."]}


def test_after_the_deadline_a_proposal_cannot_be_changed_and_stays_as_it_was():
    setup = Setup()
    proposal = submit(setup)
    with pytest.raises(PermissionDenied):
        submit(setup, data=setup.data(title="Changed"), proposal=proposal, now=AFTER_CALL)
    with pytest.raises(PermissionDenied):
        proposal_withdraw(proposal=proposal, by=setup.organizer, now=AFTER_CALL)
    proposal.refresh_from_db()
    assert (proposal.title, proposal.status) == (
        "The GovStack Initiative: digital government cooperation",
        Proposal.Status.SUBMITTED,
    )


def test_someone_not_among_the_organizers_cannot_edit_or_withdraw():
    setup = Setup()
    proposal = submit(setup)
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        submit(setup, data=setup.data(title="Hijacked"), proposal=proposal, by=stranger)
    with pytest.raises(PermissionDenied):
        proposal_withdraw(proposal=proposal, by=stranger, now=DURING_CALL)
    proposal.refresh_from_db()
    assert proposal.title == "The GovStack Initiative: digital government cooperation"
    assert proposal.status == Proposal.Status.SUBMITTED


def test_a_co_organizer_with_an_account_can_edit():
    setup = Setup()
    co = UserFactory(email="co@example.org")
    data = setup.data()
    organizers = [
        *data.organizers,
        OrganizerInput(
            name="Co Organizer",
            email="CO@example.org",
            organisation="DIAL",
            stakeholder_group=group(StakeholderGroup.CIVIL_SOCIETY),
            country="US",
        ),
    ]
    proposal = submit(setup, data=replace(data, organizers=organizers))
    edited = submit(
        setup,
        data=replace(data, organizers=organizers, title="Edited by co"),
        proposal=proposal,
        by=co,
    )
    assert edited.title == "Edited by co"
    assert Proposal.objects.count() == 1


def test_mag_members_may_not_submit_unless_the_call_allows_it():
    setup = Setup()
    grant(setup.organizer, setup.forum, ForumRole.Role.MAG_MEMBER)
    with pytest.raises(PermissionDenied):
        submit(setup)
    assert Proposal.objects.count() == 0
    setup.call.mag_may_submit = True
    setup.call.save()
    setup.forum.refresh_from_db()
    assert submit(setup).status == Proposal.Status.SUBMITTED
