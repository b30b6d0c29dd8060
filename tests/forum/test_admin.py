import pytest
from django.urls import reverse

from forum.models import ForumRole, Room
from tests.factories import ForumFactory, RoomFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    mine, theirs = ForumFactory(name="IGF Mine"), ForumFactory(name="IGF Theirs")
    secretariat = UserFactory()
    grant(secretariat, mine, ForumRole.Role.SECRETARIAT)
    return mine, theirs, secretariat


def test_secretariat_opens_the_admin_and_sees_only_its_forums(client, setup):
    mine, theirs, secretariat = setup
    RoomFactory(forum=mine, name="Room Mine")
    RoomFactory(forum=theirs, name="Room Theirs")
    client.force_login(secretariat)
    assert client.get(reverse("admin:index")).status_code == 200
    rooms = client.get(reverse("admin:forum_room_changelist"))
    assert rooms.status_code == 200
    assert "Room Mine" in rooms.text
    assert "Room Theirs" not in rooms.text
    forums = client.get(reverse("admin:forum_forum_changelist"))
    assert "IGF Mine" in forums.text
    assert "IGF Theirs" not in forums.text


def test_secretariat_cannot_change_another_forums_room(client, setup):
    mine, theirs, secretariat = setup
    room = RoomFactory(forum=theirs, name="Room Theirs", capacity=50)
    client.force_login(secretariat)
    url = reverse("admin:forum_room_change", args=[room.pk])
    response = client.post(
        url,
        {"forum": theirs.pk, "name": "Hijacked", "capacity": 1, "layout": "theatre", "position": 0},
    )
    assert response.status_code in (302, 403, 404)
    room.refresh_from_db()
    assert room.name == "Room Theirs"


def test_secretariat_adds_a_room_to_its_forum(client, setup):
    mine, theirs, secretariat = setup
    client.force_login(secretariat)
    response = client.post(
        reverse("admin:forum_room_add"),
        {
            "forum": mine.pk,
            "name": "New Room",
            "capacity": 40,
            "layout": "boardroom",
            "has_webcast": "on",
            "position": 3,
        },
    )
    assert response.status_code == 302
    assert Room.objects.get(name="New Room").forum == mine


def test_admin_search_and_filters_work(client, setup):
    mine, theirs, secretariat = setup
    RoomFactory(forum=mine, name="Plenary Hall")
    RoomFactory(forum=mine, name="Workshop 9")
    client.force_login(secretariat)
    response = client.get(reverse("admin:forum_room_changelist"), {"q": "Plenary"})
    assert "Plenary Hall" in response.text
    assert "Workshop 9" not in response.text
    response = client.get(reverse("admin:forum_forumrole_changelist"), {"role": "secretariat"})
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["mag", "captioner", "hub_coordinator", None])
def test_other_people_are_kept_out_of_the_admin(client, setup, role):
    mine, _, _ = setup
    user = UserFactory()
    if role:
        grant(user, mine, role)
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_secretariat_cannot_change_an_administrators_account(client, setup):
    mine, _, secretariat = setup
    other_secretariat = UserFactory(name="Colleague")
    grant(other_secretariat, ForumFactory(), ForumRole.Role.SECRETARIAT)
    client.force_login(secretariat)
    url = reverse("admin:forum_user_change", args=[other_secretariat.pk])
    response = client.post(url, {"email": "attacker@example.org", "name": "x"})
    assert response.status_code == 403
    other_secretariat.refresh_from_db()
    assert other_secretariat.email != "attacker@example.org"
