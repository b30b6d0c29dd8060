"""Pages: registering (and back to the live room), one's own registration, the secretariat's list
and decisions; each page checks who is asking."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from forum.models import StakeholderGroup
from registration.models import Registration
from registration.services import registering
from tests.factories import UserFactory
from tests.registration.helpers import open_forum, secretariat_of
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "attendance": "online",
        "consent": "on",
        "profile-name": "Rosa Ruiz",
        "profile-organisation": "Red Libre",
        "profile-stakeholder_group": str(StakeholderGroup.objects.get(code="technical").pk),
        "profile-country": "MX",
        "details-gender": "",
        "details-gender_self_described": "",
        "details-accessibility_needs": "",
    }
    data.update(overrides)
    return data


def test_from_the_live_room_a_watcher_registers_online_and_is_back_in_two_steps(client):
    forum = open_forum()
    session = SessionFactory(forum=forum, is_public=True)
    user = UserFactory()
    client.force_login(user)
    room_url = reverse("live_room", kwargs={"slug": forum.slug, "session_id": session.pk})
    room = client.get(room_url).content.decode()
    register_url = (
        reverse("registration_register", kwargs={"slug": forum.slug})
        + f"?attendance=online&amp;next={room_url}"
    )
    assert register_url in room
    # Step 1: the form, online chosen, the profile filled in from the account.
    page = client.get(register_url.replace("&amp;", "&"))
    html = page.content.decode()
    assert re.search(r'<input type="radio" name="attendance" value="online"[^>]* checked>', html)
    assert f'value="{user.name}"' in html
    assert f'name="next" value="{room_url}"' in html
    # Step 2: submit, and back in the room, now taking part.
    response = client.post(register_url.replace("&amp;", "&"), form_data(next=room_url))
    assert response.status_code == 302
    assert response.url == room_url
    assert 'id="chat-form"' in client.get(room_url).content.decode()


def test_next_never_sends_people_to_another_site(client):
    forum = open_forum()
    client.force_login(UserFactory())
    url = reverse("registration_register", kwargs={"slug": forum.slug})
    response = client.post(url, form_data(next="https://evil.example/"))
    assert response.url == reverse("registration_mine", kwargs={"slug": forum.slug})


def test_the_form_shows_clear_errors(client):
    forum = open_forum()
    client.force_login(UserFactory())
    url = reverse("registration_register", kwargs={"slug": forum.slug})
    response = client.post(url, form_data(consent=""))
    assert response.status_code == 200
    assert "Registration needs your consent to the notice." in response.content.decode()
    response = client.post(url, form_data(**{"details-gender": "self-described"}))
    assert "Describe your gender, or choose another answer." in response.content.decode()
    assert not Registration.objects.exists()


def test_the_person_sees_the_reason_of_a_decline(client):
    forum = open_forum()
    user = UserFactory()
    registration = registering.registration_submit(
        forum=forum, by=user, attendance="onsite", consent=True
    )
    registering.registration_decide(
        registration=registration, by=secretariat_of(forum), approve=False, reason="Venue full"
    )
    client.force_login(user)
    html = client.get(reverse("registration_mine", kwargs={"slug": forum.slug})).content.decode()
    assert "Venue full" in html
    assert "Not approved" in html


def test_secretariat_pages_are_for_the_secretariat_only(client):
    forum = open_forum()
    registration = registering.registration_submit(
        forum=forum, by=UserFactory(), attendance="onsite", consent=True
    )
    urls = [
        reverse("registrant_list", kwargs={"slug": forum.slug}),
        reverse(
            "registration_detail", kwargs={"slug": forum.slug, "registration_id": registration.pk}
        ),
    ]
    client.force_login(registration.user)
    assert [client.get(u).status_code for u in urls] == [404, 404]
    response = client.post(
        reverse("registrants_decide", kwargs={"slug": forum.slug}),
        {"ids": [registration.pk], "approve": "yes"},
    )
    assert response.status_code == 404
    client.force_login(secretariat_of(forum))
    assert [client.get(u).status_code for u in urls] == [200, 200]


def test_the_secretariat_decides_in_bulk_from_the_list(client):
    forum = open_forum()
    secretariat = secretariat_of(forum)
    pending = [
        registering.registration_submit(
            forum=forum, by=UserFactory(), attendance="onsite", consent=True
        )
        for _ in range(2)
    ]
    client.force_login(secretariat)
    response = client.post(
        reverse("registrants_decide", kwargs={"slug": forum.slug}),
        {"ids": [r.pk for r in pending], "approve": "yes", "reason": "", "back": "status=pending"},
    )
    assert response.status_code == 302
    assert (
        response.url == reverse("registrant_list", kwargs={"slug": forum.slug}) + "?status=pending"
    )
    assert set(Registration.objects.values_list("status", flat=True)) == {"approved"}


def make_registrations(forum, count):
    for n in range(count):
        registering.registration_submit(
            forum=forum,
            by=UserFactory(),
            attendance=["onsite", "online"][n % 2],
            consent=True,
            notify=False,
        )


@pytest.mark.parametrize("count", [1, 12])
def test_the_list_costs_the_same_queries_for_one_or_many(client, django_assert_num_queries, count):
    forum = open_forum()
    secretariat = secretariat_of(forum)
    make_registrations(forum, count)
    client.force_login(secretariat)
    url = reverse("registrant_list", kwargs={"slug": forum.slug}) + "?q=Person"
    client.get(url)  # warm the session and caches
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('name="ids"') == (count + 1) // 2
