"""Limits hold when two people submit at the same moment (PostgreSQL row locks)."""

import threading
import time
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from sessions.models import Proposal
from sessions.services.proposals import proposal_submit
from tests.factories import UserFactory
from tests.sessions.proposal_data import DURING_CALL, Setup

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def waits_on_a_lock(pid: int | None, *, timeout: float) -> bool:
    """Whether the backend ``pid`` is seen waiting for a lock held by another one within
    ``timeout`` seconds (polled on this thread's own connection)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            row = cursor.fetchone()
            if row and row[0] == "Lock":
                return True
            time.sleep(0.02)
    return False


def test_two_colleagues_cannot_together_pass_their_institutions_limit():
    setup = Setup(max_proposals_per_institution=1, max_proposals_per_person=None)
    first, second = UserFactory(), UserFactory()

    def data_for(user):
        data = setup.data()
        return replace(
            data, organizers=[replace(data.organizers[0], name=user.name, email=user.email)]
        )

    # Both threads are running before either locks anything (the barrier); the first writes its
    # proposal and keeps its transaction open until PostgreSQL shows the second one waiting for
    # the first one's lock, so the race is proven to have happened, not assumed from a pause.
    both_started = threading.Barrier(2, timeout=10)
    first_submitted = threading.Event()
    second_waits = threading.Event()
    results: dict[str, object] = {}

    def backend_pid() -> int:
        connection.ensure_connection()
        return connection.connection.info.backend_pid

    def submit_and_hold():
        try:
            both_started.wait()
            with transaction.atomic():
                proposal_submit(forum=setup.forum, by=first, data=data_for(first), now=DURING_CALL)
                first_submitted.set()
                second_waits.wait(10)
            results["first"] = "submitted"
        finally:
            first_submitted.set()
            connection.close()

    def submit_second():
        try:
            results["second_pid"] = backend_pid()
            both_started.wait()
            first_submitted.wait(10)
            proposal_submit(forum=setup.forum, by=second, data=data_for(second), now=DURING_CALL)
            results["second"] = "submitted"
        except ValidationError as error:
            results["second"] = error.message_dict
        finally:
            connection.close()

    threads = [threading.Thread(target=submit_and_hold), threading.Thread(target=submit_second)]
    for thread in threads:
        thread.start()
    assert first_submitted.wait(15)
    results["second_waited_on_a_lock"] = waits_on_a_lock(results.get("second_pid"), timeout=10)
    second_waits.set()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads)

    assert results["second_waited_on_a_lock"] is True
    assert results["first"] == "submitted"
    assert results["second"] == {
        "organizers-0-organisation": [
            "Federal Ministry for Economic Cooperation and Development already organises 1 "
            "submitted proposal; an institution may organise at most 1."
        ]
    }
    assert Proposal.objects.filter(status=Proposal.Status.SUBMITTED).count() == 1
