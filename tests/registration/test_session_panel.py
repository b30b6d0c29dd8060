"""The seat offer on the public programme's session page: seats left, take a seat, the waitlist,
one's own seat, and the way to register for a viewer who is not registered. The page is
revalidated by ETag, so each change must give a new page, never a 304 with the old one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from registration.models import Registration, RegistrationSettings, SeatSignup
from registration.services import capacity
from tests.factories import UserFactory
from tests.sessions.programme_helpers import published_programme

pytestmark = pytest.mark.django_db


def programme_with_registration(**settings):
    p = published_programme(2)
    now = timezone.now()
    RegistrationSettings.objects.create(
        forum=p.forum,
        online_opens_at=now - dt.timedelta(days=1),
        online_closes_at=now + dt.timedelta(days=30),
        privacy_notice_version="1",
        privacy_notice="Notice.",
        **settings,
    )
    return p


def registered(forum, **fields):
    user = UserFactory(**fields)
    Registration.objects.create(forum=forum, user=user, status=Registration.Status.APPROVED)
    return user


def login(client, user, url):
    """Log in and load the page once: the page carries forms, so its ETag also depends on the
    CSRF cookie the first visit sets."""
    client.force_login(user)
    client.get(url)


def get(client, url, etag=None):
    """The page as a browser revalidating its copy gets it: a 304 keeps the old body."""
    extra = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    response = client.get(url, **extra)
    assert response.status_code in (200, 304)
    return response


def test_take_a_seat_then_the_page_shows_it_not_a_stale_304(client):
    p = programme_with_registration()
    session = p.sessions[0]
    capacity.capacity_set(session=session, seats=1)
    user = registered(p.forum)
    url = f"/forums/{p.forum.slug}/sessions/{session.pk}/"
    login(client, user, url)

    first = get(client, url)
    html = first.content.decode()
    assert "1 seat left of 1." in html
    assert 'data-testid="take-seat">Take a seat<' in html
    etag = first["ETag"]
    # Unchanged: the browser's copy is still good.
    assert get(client, url, etag).status_code == 304

    response = client.post(f"/forums/{p.forum.slug}/sessions/{session.pk}/seat/", {"next": url})
    assert response.status_code == 302
    assert response.url == url
    again = get(client, url, etag)
    assert again.status_code == 200
    html = again.content.decode()
    assert "0 seats left of 1." in html
    assert "You have a seat in this session." in html
    assert "Give up my seat" in html

    # Someone else now sees a full session and joins the waitlist from the page.
    other = registered(p.forum)
    login(client, other, url)
    seen = get(client, url)
    assert 'data-testid="take-seat">Join the waitlist<' in seen.content.decode()
    client.post(f"/forums/{p.forum.slug}/sessions/{session.pk}/seat/", {"next": url})
    waiting = get(client, url, seen["ETag"])
    assert waiting.status_code == 200
    assert "You are on the waitlist" in waiting.content.decode()
    assert "1 person on the waitlist." in waiting.content.decode()

    # The first person gives the seat up from the page: the second is promoted, and their
    # page changes although they did nothing.
    etag_other = waiting["ETag"]
    login(client, user, url)
    mine = SeatSignup.objects.get(user=user)
    response = client.post(f"/forums/{p.forum.slug}/seats/{mine.pk}/cancel/", {"next": url})
    assert response.url == url
    # The seat went to the waitlist at once: the session is full again for the first person.
    after = get(client, url).content.decode()
    assert ('data-testid="take-seat">Join the waitlist<' in after, "You have a seat" in after) == (
        True,
        False,
    )
    login(client, other, url)
    promoted = get(client, url, etag_other)
    assert promoted.status_code == 200
    assert "You have a seat in this session." in promoted.content.decode()


def test_a_viewer_not_registered_is_offered_to_register_and_then_the_seat(client):
    p = programme_with_registration()
    limited, unlimited = p.sessions
    capacity.capacity_set(session=limited, seats=5)
    user = UserFactory()
    url = f"/forums/{p.forum.slug}/sessions/{limited.pk}/"
    login(client, user, url)
    page = get(client, url)
    html = page.content.decode()
    assert f'href="/forums/{p.forum.slug}/register/?next=' in html
    assert "to take a seat in this session." in html
    assert 'data-testid="take-seat"' not in html
    plain = get(client, f"/forums/{p.forum.slug}/sessions/{unlimited.pk}/").content.decode()
    assert "to take part in its sessions." in plain

    Registration.objects.create(forum=p.forum, user=user, status=Registration.Status.APPROVED)
    after = get(client, url, page["ETag"])
    assert after.status_code == 200
    assert 'data-testid="take-seat">Take a seat<' in after.content.decode()
    assert 'data-testid="register-link"' not in after.content.decode()
    # A registered viewer on a session without seats: no panel at all.
    plain = get(client, f"/forums/{p.forum.slug}/sessions/{unlimited.pk}/").content.decode()
    assert 'data-testid="seat-panel"' not in plain


def test_anonymous_viewers_see_seats_left_and_the_way_to_register(client):
    p = programme_with_registration()
    session = p.sessions[0]
    capacity.capacity_set(session=session, seats=3)
    html = get(client, f"/forums/{p.forum.slug}/sessions/{session.pk}/").content.decode()
    assert "3 seats left of 3." in html
    assert 'data-testid="register-link"' in html
    assert 'data-testid="take-seat"' not in html


def test_a_pending_registration_is_told_it_awaits_approval(client):
    p = programme_with_registration()
    session = p.sessions[0]
    capacity.capacity_set(session=session, seats=3)
    user = UserFactory()
    Registration.objects.create(
        forum=p.forum, user=user, status=Registration.Status.PENDING, attendance="onsite"
    )
    client.force_login(user)
    html = get(client, f"/forums/{p.forum.slug}/sessions/{session.pk}/").content.decode()
    assert 'data-testid="registration-pending"' in html
    assert 'data-testid="take-seat"' not in html
