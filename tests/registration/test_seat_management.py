"""The secretariat's seat management: set and change a session's seats, see who holds seats and
who waits, release a seat (the next on the waitlist is promoted and told), give a seat to someone
on the waitlist; nobody else may see or do any of it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from forum.models import QueuedMail
from registration.models import Registration, SeatSignup, SessionCapacity
from registration.services import capacity
from tests.factories import ForumFactory, UserFactory
from tests.registration.helpers import desk_of, secretariat_of
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db


def people(forum, *names):
    users = [UserFactory(name=name) for name in names]
    for user in users:
        Registration.objects.create(forum=forum, user=user, status=Registration.Status.APPROVED)
    return users


def base(forum, session):
    return f"/forums/{forum.slug}/registrations/seats/{session.pk}/"


def test_the_secretariat_sets_seats_and_more_seats_go_to_the_waitlist_in_order(client):
    forum = ForumFactory()
    session = SessionFactory(forum=forum, title="Day 0: community networks")
    client.force_login(secretariat_of(forum))
    listing = client.get(f"/forums/{forum.slug}/registrations/seats/").content.decode()
    assert "Day 0: community networks" in listing and "no limit" in listing

    response = client.post(base(forum, session), {"seats": "1"})
    assert response.status_code == 302
    assert SessionCapacity.objects.get(session=session).seats == 1
    ana, ben, cai = people(forum, "Ana", "Ben", "Cai")
    for user in (ana, ben, cai):
        capacity.seat_signup(session=session, by=user)
    page = client.get(base(forum, session)).content.decode()
    assert "1 of 1 seats taken, 2 on the waitlist." in page
    holders = page.split('data-testid="seat-holders"')[1].split("</ol>")[0]
    waitlist = page.split('data-testid="waitlist"')[1].split("</ol>")[0]
    assert "Ana" in holders and "Ben" not in holders
    assert waitlist.index("Ben") < waitlist.index("Cai")

    client.post(base(forum, session), {"seats": "2"})
    assert SeatSignup.objects.get(user=ben).status == SeatSignup.Status.CONFIRMED
    assert SeatSignup.objects.get(user=cai).status == SeatSignup.Status.WAITLISTED
    assert QueuedMail.objects.filter(to=ben.email).count() == 1

    refused = client.post(base(forum, session), {"seats": "1"})
    assert refused.status_code == 200
    assert "More people are confirmed than that." in refused.content.decode()
    assert SessionCapacity.objects.get(session=session).seats == 2


def test_release_promotes_the_next_and_promote_adds_a_seat(client):
    forum = ForumFactory()
    session = SessionFactory(forum=forum)
    capacity.capacity_set(session=session, seats=1)
    ana, ben, cai = people(forum, "Ana", "Ben", "Cai")
    for user in (ana, ben, cai):
        capacity.seat_signup(session=session, by=user)
    client.force_login(secretariat_of(forum))
    held = SeatSignup.objects.get(user=ana)
    response = client.post(base(forum, session) + f"{held.pk}/release/")
    assert response.status_code == 302
    statuses = dict(SeatSignup.objects.values_list("user__name", "status"))
    assert statuses == {"Ana": "cancelled", "Ben": "confirmed", "Cai": "waitlisted"}
    assert QueuedMail.objects.filter(to=ben.email).count() == 1

    waiting = SeatSignup.objects.get(user=cai)
    client.post(base(forum, session) + f"{waiting.pk}/promote/")
    waiting.refresh_from_db()
    assert waiting.status == SeatSignup.Status.CONFIRMED
    cap = SessionCapacity.objects.get(session=session)
    assert (cap.seats, cap.confirmed) == (2, 2)
    assert QueuedMail.objects.filter(to=cai.email).count() == 1
    # Promoting someone who holds a seat already changes nothing.
    client.post(base(forum, session) + f"{waiting.pk}/promote/")
    cap.refresh_from_db()
    assert (cap.seats, cap.confirmed) == (2, 2)


def test_only_the_secretariat_manages_seats(client):
    forum = ForumFactory()
    session = SessionFactory(forum=forum)
    capacity.capacity_set(session=session, seats=1)
    [ana] = people(forum, "Ana")
    signup = capacity.seat_signup(session=session, by=ana)
    urls = [
        f"/forums/{forum.slug}/registrations/seats/",
        base(forum, session),
    ]
    for who in (ana, desk_of(forum), secretariat_of(ForumFactory())):
        client.force_login(who)
        for url in urls:
            assert client.get(url).status_code == 404
        assert client.post(base(forum, session), {"seats": "9"}).status_code == 404
        assert client.post(base(forum, session) + f"{signup.pk}/release/").status_code == 404
        assert client.post(base(forum, session) + f"{signup.pk}/promote/").status_code == 404
    client.logout()
    assert client.get(urls[0]).status_code == 302  # to the login page
    signup.refresh_from_db()
    assert signup.status == SeatSignup.Status.CONFIRMED
    assert SessionCapacity.objects.get(session=session).seats == 1
    with pytest.raises(PermissionDenied):
        capacity.seat_release(signup=signup, by=ana)
    with pytest.raises(PermissionDenied):
        capacity.capacity_change(session=session, seats=5, by=ana)


def test_a_sign_up_of_another_session_is_not_found(client):
    forum = ForumFactory()
    one, two = SessionFactory(forum=forum), SessionFactory(forum=forum)
    capacity.capacity_set(session=one, seats=1)
    [ana] = people(forum, "Ana")
    signup = capacity.seat_signup(session=one, by=ana)
    client.force_login(secretariat_of(forum))
    assert client.post(base(forum, two) + f"{signup.pk}/release/").status_code == 404
    signup.refresh_from_db()
    assert signup.status == SeatSignup.Status.CONFIRMED
