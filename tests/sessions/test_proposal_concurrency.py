"""Limits hold when two people submit at the same moment (PostgreSQL row locks)."""

import threading
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from sessions.models import Proposal
from sessions.services.proposals import proposal_submit
from tests.factories import UserFactory
from tests.sessions.proposal_data import DURING_CALL, Setup

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_two_colleagues_cannot_together_pass_their_institutions_limit():
    setup = Setup(max_proposals_per_institution=1, max_proposals_per_person=None)
    first, second = UserFactory(), UserFactory()

    def data_for(user):
        data = setup.data()
        return replace(
            data, organizers=[replace(data.organizers[0], name=user.name, email=user.email)]
        )

    first_submitted = threading.Event()
    results: dict[str, object] = {}

    def submit_and_hold():
        # The first submission is written but not yet committed while the second one starts.
        try:
            with transaction.atomic():
                proposal_submit(forum=setup.forum, by=first, data=data_for(first), now=DURING_CALL)
                first_submitted.set()
                threading.Event().wait(0.5)
            results["first"] = "submitted"
        finally:
            connection.close()

    def submit_second():
        first_submitted.wait(10)
        try:
            proposal_submit(forum=setup.forum, by=second, data=data_for(second), now=DURING_CALL)
            results["second"] = "submitted"
        except ValidationError as error:
            results["second"] = error.message_dict
        finally:
            connection.close()

    threads = [threading.Thread(target=submit_and_hold), threading.Thread(target=submit_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert results["first"] == "submitted"
    assert results["second"] == {
        "organizers-0-organisation": [
            "Federal Ministry for Economic Cooperation and Development already organises 1 "
            "submitted proposals; an institution may organise at most 1."
        ]
    }
    assert Proposal.objects.filter(status=Proposal.Status.SUBMITTED).count() == 1
