"""Pages: the live room, the projector, poll export, hub registration, approval, list, map and the
coordinator's page; and the forum page's list of live rooms."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from forum.models import ForumRole, QueuedMail
from forum.rules import roles_of
from remote_hubs.models import Hub, HubAttendance, Poll, PollVote
from remote_hubs.services import live as live_services
from tests.factories import ForumFactory, RoomFactory, UserFactory, grant
from tests.remote_hubs.factories import HubFactory, RegistrationFactory
from tests.sessions.factories import SessionFactory
from tests.sessions.programme_helpers import placed, publish

pytestmark = pytest.mark.django_db


def live_url(session) -> str:
    return reverse("live_room", kwargs={"slug": session.forum.slug, "session_id": session.pk})


def test_the_live_room_page_of_a_public_session_is_open_to_everyone(client):
    room = RoomFactory(webcast_url="https://webcast.example/embed/1")
    session = SessionFactory(forum=room.forum, room=room, title="Data <flows> & trust")
    response = client.get(session.get_live_url())
    assert session.get_live_url() == f"/forums/{session.forum.slug}/sessions/{session.pk}/live/"
    assert response.status_code == 200
    assert "Data &lt;flows&gt; &amp; trust" in response.text
    assert 'src="https://webcast.example/embed/1"' in response.text
    assert 'id="captions"' in response.text
    assert 'id="chat-form"' not in response.text  # watching only
    assert f'"wsPath": "/ws/live/{session.pk}/"' in response.text


def test_participants_get_the_forms_and_moderators_the_tools(client):
    session = SessionFactory()
    alice = RegistrationFactory(forum=session.forum).user
    client.force_login(alice)
    text = client.get(live_url(session)).text
    assert 'id="chat-form"' in text and 'id="ask-form"' in text and 'id="poll-form"' not in text
    moderator = UserFactory()
    session.moderators.add(moderator)
    client.force_login(moderator)
    assert 'id="poll-form"' in client.get(live_url(session)).text


def test_a_non_public_session_is_404_for_outsiders(client):
    session = SessionFactory(is_public=False)
    assert client.get(live_url(session)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(live_url(session)).status_code == 404
    client.force_login(RegistrationFactory(forum=session.forum).user)
    assert client.get(live_url(session)).status_code == 200


def test_a_session_of_another_forum_is_404(client):
    session = SessionFactory()
    other = ForumFactory()
    url = reverse("live_room", kwargs={"slug": other.slug, "session_id": session.pk})
    assert client.get(url).status_code == 404


def test_the_projector_view(client):
    session = SessionFactory(title="Plenary")
    response = client.get(
        reverse("live_projector", kwargs={"slug": session.forum.slug, "session_id": session.pk})
    )
    assert response.status_code == 200
    assert 'class="projector-question"' in response.text


def test_poll_results_export_as_csv_for_moderators_only(client):
    session = SessionFactory()
    moderator = UserFactory()
    session.moderators.add(moderator)
    voters = [RegistrationFactory(forum=session.forum).user for _ in range(3)]
    room = live_services.live_room_for(session=session)
    poll = live_services.poll_create(
        room=room, by=moderator, kind="single", question="=Best?", options=["@one", "two"]
    )
    live_services.poll_set_status(room=room, by=moderator, poll_id=poll.pk, status="open")
    for voter, answer in zip(voters, [0, 1, 1], strict=True):
        live_services.poll_vote(room=room, by=voter, poll_id=poll.pk, answer=answer)
    url = reverse(
        "live_poll_export",
        kwargs={"slug": session.forum.slug, "session_id": session.pk, "poll_id": poll.pk},
    )
    client.force_login(voters[0])
    assert client.get(url).status_code == 403
    client.force_login(moderator)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["poll", "'=Best?"],
        ["kind", "single"],
        ["status", "open"],
        ["votes", "3"],
        ["answer", "count"],
        ["'@one", "1"],
        ["two", "2"],
    ]


def test_one_vote_per_person_is_enforced_by_the_database():
    from django.db import IntegrityError, transaction

    session = SessionFactory()
    moderator = UserFactory()
    session.moderators.add(moderator)
    voter = RegistrationFactory(forum=session.forum).user
    room = live_services.live_room_for(session=session)
    poll = Poll.objects.create(room=room, kind="single", question="?", options=["a", "b"])
    PollVote.objects.create(poll=poll, user=voter, choices=[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        PollVote.objects.create(poll=poll, user=voter, choices=[1])


def test_register_a_hub_and_the_secretariat_approves_it(client):
    forum = ForumFactory()
    s1 = SessionFactory(forum=forum, title="Opening")
    coordinator = UserFactory(name="Kofi Mensah", email="kofi@example.org")
    client.force_login(coordinator)
    response = client.post(
        reverse("hub_register", kwargs={"slug": forum.slug}),
        {
            "host_institution": "University of Ghana",
            "city": "Accra",
            "country": "GH",
            "time_zone": "Africa/Accra",
            "latitude": "5.6037",
            "longitude": "-0.187",
            "coordinator_name": "Kofi Mensah",
            "coordinator_email": "kofi@example.org",
            "technical_name": "Ama Owusu",
            "technical_email": "ama@example.org",
            "expected_participants": "40",
            "areas_of_interest": "Connectivity",
            "planned_sessions": [s1.pk],
        },
    )
    hub = Hub.objects.get()
    assert response.status_code == 302
    assert (hub.status, hub.coordinator, list(hub.planned_sessions.all())) == (
        "pending",
        coordinator,
        [s1],
    )
    list_url = reverse("hub_list", kwargs={"slug": forum.slug})
    assert "Accra" not in client.get(list_url).text.split("Approved hubs")[1]
    decide = reverse("hub_decide", kwargs={"slug": forum.slug, "hub_id": hub.pk})
    assert client.post(decide, {"approve": "1"}).status_code == 404
    secretariat = UserFactory()
    grant(secretariat, forum, ForumRole.Role.SECRETARIAT)
    client.force_login(secretariat)
    assert "University of Ghana" in client.get(list_url).text  # in the pending list
    client.post(decide, {"approve": "1"})
    hub.refresh_from_db()
    assert hub.status == "approved"
    mail = QueuedMail.objects.get()
    assert (mail.to, mail.subject) == (
        "kofi@example.org",
        f"Your hub in Accra is approved for {forum.name}",
    )
    assert ForumRole.Role.HUB_COORDINATOR in roles_of(
        UserFactory._meta.model.objects.get(pk=coordinator.pk), forum
    )
    # Deciding twice is refused.
    client.post(decide, {"approve": "0"})
    hub.refresh_from_db()
    assert hub.status == "approved"
    client.logout()
    text = client.get(list_url).text
    assert "University of Ghana" in text
    assert '<circle cx="179.81" cy="84.4"' in text


def test_a_rejected_hub_is_told_and_not_listed(client):
    hub = HubFactory(status=Hub.Status.PENDING, city="Quito")
    secretariat = UserFactory()
    grant(secretariat, hub.forum, ForumRole.Role.SECRETARIAT)
    client.force_login(secretariat)
    client.post(
        reverse("hub_decide", kwargs={"slug": hub.forum.slug, "hub_id": hub.pk}), {"approve": "0"}
    )
    hub.refresh_from_db()
    assert hub.status == "rejected"
    assert QueuedMail.objects.get().subject == f"Your hub registration for {hub.forum.name}"
    client.logout()
    listing = client.get(reverse("hub_list", kwargs={"slug": hub.forum.slug})).text
    assert "Quito" not in listing


def test_the_coordinators_page_shows_the_agenda_in_local_time_and_takes_attendance(client):
    forum = ForumFactory()
    session = SessionFactory(
        forum=forum,
        title="Main session",
        starts_at=dt.datetime(2030, 12, 2, 9, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 12, 2, 10, 30, tzinfo=dt.UTC),
        room=RoomFactory(forum=forum),
    )
    hub = HubFactory(forum=forum, time_zone="America/Bogota")
    hub.planned_sessions.add(session)
    url = reverse("hub_manage", kwargs={"slug": forum.slug, "hub_id": hub.pk})
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(hub.coordinator)
    assert "to be scheduled" in client.get(url).text  # nothing published yet
    publish(forum)
    text = client.get(url).text
    assert '<time datetime="2030-12-02T04:00:00-05:00">Mon 2 Dec 04:00</time>–05:30' in text
    assert '<span class="zone">America/Bogota (UTC-05:00)</span>' in text
    client.post(url, {"session": session.pk, "people": "17"})
    client.post(url, {"session": session.pk, "people": "21"})
    assert list(HubAttendance.objects.values_list("people", flat=True).order_by("pk")) == [17, 21]
    assert 'value="21"' in client.get(url).text


def test_the_forum_page_counts_the_sessions_one_may_follow_live(client):
    forum = ForumFactory()
    SessionFactory(forum=forum, title="Public one", **placed(forum))
    SessionFactory(forum=forum, title="Closed door", is_public=False, **placed(forum))
    SessionFactory(forum=forum, title="Not placed")
    publish(forum)
    url = reverse("forum_detail", kwargs={"slug": forum.slug})
    text = client.get(url).text
    assert "1 session with a live room" in text
    assert reverse("live_sessions", kwargs={"slug": forum.slug}) in text
    client.force_login(RegistrationFactory(forum=forum).user)
    assert "2 sessions with a live room" in client.get(url).text


def test_the_live_sessions_page_lists_them_with_flat_queries(client, django_assert_num_queries):
    forum = ForumFactory()
    SessionFactory(forum=forum, title="Public one", **placed(forum))
    SessionFactory(forum=forum, title="Closed door", is_public=False, **placed(forum))
    publish(forum)
    url = reverse("live_sessions", kwargs={"slug": forum.slug})
    with django_assert_num_queries(2):
        response = client.get(url)
    assert "Public one" in response.text and "Closed door" not in response.text
    for n in range(8):
        SessionFactory(forum=forum, title=f"More {n}", **placed(forum))
    with django_assert_num_queries(2):
        response = client.get(url)
    assert response.text.count(f'<a href="/forums/{forum.slug}/sessions/') == 9
    assert "More 3" in client.get(url, {"q": "more 3"}).text
    assert "Public one" not in client.get(url, {"q": "more 3"}).text
    client.force_login(RegistrationFactory(forum=forum).user)
    assert "Closed door" in client.get(url).text


# --- One rule, one name: hub names and hub predicates ------------------------------------------


def test_a_hub_is_named_in_one_place_wherever_it_appears(client):
    from remote_hubs.aggregates import presence_frame
    from remote_hubs.models import LivePresence, hub_label
    from remote_hubs.services.live.base import hub_ref

    hub = HubFactory(city="Lagos", host_institution="Unilag", latitude="6.5", longitude="3.4")
    session = SessionFactory(forum=hub.forum)
    room = live_services.live_room_for(session=session)
    LivePresence.objects.create(room=room, channel_name="c1", hub=hub)

    assert hub_label("Lagos") == "Lagos hub"
    assert hub.label == "Lagos hub"
    assert hub_ref(hub) == {"hub": "Lagos hub", "hub_id": hub.pk, "hub_city": "Lagos"}
    assert hub_ref(None) == {"hub": None, "hub_id": None, "hub_city": None}
    # The presence frame names hubs from a values() query, through the same function.
    assert presence_frame(room.pk, session.pk)["hubs"] == [
        {"hub_id": hub.pk, "hub": "Lagos hub", "hub_city": "Lagos", "people": 0}
    ]
    # The long name (city and host) is the hub's str(), on the map and the coordinator's page.
    assert str(hub) == "Lagos – Unilag"
    listing = client.get(reverse("hub_list", kwargs={"slug": hub.forum.slug})).text
    assert "<title>Lagos – Unilag</title>" in listing
    client.force_login(hub.coordinator)
    page = client.get(reverse("hub_manage", kwargs={"slug": hub.forum.slug, "hub_id": hub.pk}))
    assert "<h1>Lagos – Unilag</h1>" in page.text


def test_coordinating_a_hub_and_holding_the_hub_coordinator_role_are_different_things():
    from forum.rules import holds_hub_coordinator_role
    from remote_hubs.rules import (
        can_manage_hub,
        can_see_hub_registrations,
        coordinates_approved_hub,
        coordinates_hub,
    )

    hub = HubFactory(status=Hub.Status.PENDING)
    role_holder = UserFactory()
    grant(role_holder, hub.forum, ForumRole.Role.HUB_COORDINATOR)

    assert coordinates_hub.test(hub.coordinator, hub) is True
    assert coordinates_hub.test(role_holder, hub) is False
    assert coordinates_approved_hub.test(hub.coordinator, hub.forum) is False  # still pending
    assert can_manage_hub.test(hub.coordinator, hub) is True
    assert can_manage_hub.test(role_holder, hub) is False
    assert holds_hub_coordinator_role.test(role_holder, hub.forum) is True
    assert holds_hub_coordinator_role.test(hub.coordinator, hub.forum) is False
    assert can_see_hub_registrations.test(role_holder, hub.forum) is True
    assert can_see_hub_registrations.test(hub.coordinator, hub.forum) is False


def test_only_an_active_account_registers_a_hub():
    from django.contrib.auth.models import AnonymousUser

    from remote_hubs.rules import can_register_hub

    forum = ForumFactory()
    assert can_register_hub.test(UserFactory(), forum) is True
    assert can_register_hub.test(UserFactory(is_active=False), forum) is False
    assert can_register_hub.test(AnonymousUser(), forum) is False
