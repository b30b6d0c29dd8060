"""Seats with a waitlist: never more confirmed than seats, on PostgreSQL under many simultaneous
sign-ups; a cancellation promotes the next on the waitlist, in order, and tells them."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from forum.models import QueuedMail
from registration.models import Registration, SeatSignup, SessionCapacity
from registration.services import capacity
from tests.factories import ForumFactory, UserFactory
from tests.remote_hubs.factories import RegistrationFactory
from tests.sessions.factories import SessionFactory

SIGNUPS = 200
SEATS = 50
#: Connections open at once: the test server's max_connections (100) is shared with others.
CONCURRENCY = 40


def registered_people(forum, count):
    users = [UserFactory() for _ in range(count)]
    Registration.objects.bulk_create(
        Registration(forum=forum, user=u, status=Registration.Status.APPROVED) for u in users
    )
    return users


@pytest.mark.django_db(transaction=True)
def test_simultaneous_sign_ups_never_overbook_and_cancellations_promote_in_order():
    assert connection.vendor == "postgresql"
    forum = ForumFactory()
    session = SessionFactory(forum=forum, title="Day 0: community networks")
    capacity.capacity_set(session=session, seats=SEATS)
    people = registered_people(forum, SIGNUPS)
    go = threading.Event()
    errors: list[BaseException] = []

    def sign_up(user):
        go.wait()
        try:
            # Each thread has its own database connection (Django's are per thread).
            return capacity.seat_signup(session=session, by=user).status
        except BaseException as exc:  # noqa: BLE001 - every error is a failure of the test
            errors.append(exc)
            raise
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        futures = [pool.submit(sign_up, user) for user in people]
        go.set()
        statuses = [f.result() for f in futures]

    assert errors == []
    assert statuses.count("confirmed") == SEATS
    assert statuses.count("waitlisted") == SIGNUPS - SEATS
    seats = SessionCapacity.objects.get(session=session)
    assert seats.confirmed == SEATS
    assert SeatSignup.objects.filter(status="confirmed").count() == SEATS
    assert SeatSignup.objects.filter(status="waitlisted").count() == SIGNUPS - SEATS

    waitlist = list(
        SeatSignup.objects.filter(status="waitlisted")
        .order_by("created_at", "pk")
        .select_related("user")
    )
    confirmed = list(SeatSignup.objects.filter(status="confirmed").order_by("pk")[:3])
    QueuedMail.objects.all().delete()
    for signup in confirmed:
        capacity.seat_cancel(signup=signup, by=signup.user)
    promoted = [s.pk for s in waitlist[:3]]
    assert sorted(
        SeatSignup.objects.filter(status="confirmed", promoted_at__isnull=False).values_list(
            "pk", flat=True
        )
    ) == sorted(promoted)
    assert SeatSignup.objects.filter(status="confirmed").count() == SEATS
    assert [m.to for m in QueuedMail.objects.order_by("pk")] == [s.user.email for s in waitlist[:3]]
    assert SessionCapacity.objects.get(session=session).confirmed == SEATS


@pytest.mark.django_db
def test_a_waitlisted_person_cancelling_frees_no_seat_and_signing_up_twice_changes_nothing():
    forum = ForumFactory()
    session = SessionFactory(forum=forum)
    capacity.capacity_set(session=session, seats=1)
    first, second, third = (RegistrationFactory(forum=forum).user for _ in range(3))
    a = capacity.seat_signup(session=session, by=first)
    assert capacity.seat_signup(session=session, by=first).pk == a.pk
    b = capacity.seat_signup(session=session, by=second)
    c = capacity.seat_signup(session=session, by=third)
    assert (a.status, b.status, c.status) == ("confirmed", "waitlisted", "waitlisted")
    capacity.seat_cancel(signup=b, by=second)
    assert SeatSignup.objects.get(pk=c.pk).status == "waitlisted"
    capacity.seat_cancel(signup=a, by=first)
    assert SeatSignup.objects.get(pk=c.pk).status == "confirmed"
    assert QueuedMail.objects.get().to == third.email


@pytest.mark.django_db
def test_only_registered_participants_sign_up_and_only_their_own_is_cancelled():
    forum = ForumFactory()
    session = SessionFactory(forum=forum)
    capacity.capacity_set(session=session, seats=5)
    with pytest.raises(PermissionDenied):
        capacity.seat_signup(session=session, by=UserFactory())
    signup = capacity.seat_signup(session=session, by=RegistrationFactory(forum=forum).user)
    with pytest.raises(PermissionDenied):
        capacity.seat_cancel(signup=signup, by=RegistrationFactory(forum=forum).user)
