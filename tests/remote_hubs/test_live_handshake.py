"""The live room's handshake and routes: who may connect, what the welcome says."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from tests.remote_hubs.conftest import Client, joined

pytestmark = pytest.mark.django_db(transaction=True)


async def test_welcome_tells_the_last_id_and_the_persons_rights(live):
    mod = await joined(live, live.moderator)
    assert mod.welcome == {
        "type": "welcome",
        "last_id": 0,
        "session_id": live.session.pk,
        "user": {"id": live.moderator.pk, "name": "Mona Moderator"},
        "moderator": True,
        "participant": True,
        "hub": None,
    }
    # Presence is written in batches: the snapshot may predate this connection's row; the next
    # presence frame counts it.
    while (presence := await mod.next_of("presence"))["connected"] != 1:
        pass
    assert presence == {"type": "presence", "connected": 1, "hubs": [], "hub_people": 0}
    await mod.close()


async def test_a_hub_coordinator_connects_as_the_hub(live):
    client = await joined(live, live.hub_coordinator)
    assert client.welcome["hub"] == {"hub_id": live.hub.pk, "hub": "Lagos hub", "hub_city": "Lagos"}
    assert client.welcome["participant"] is True
    await client.close()


async def test_anyone_watches_a_public_session_read_only(live):
    anonymous = await joined(live)
    assert anonymous.welcome["user"] is None
    assert anonymous.welcome["participant"] is False
    await anonymous.send(type="chat.send", text="hello")
    assert await anonymous.next_of("error") == {
        "type": "error",
        "code": "login_required",
        "message": "Log in to take part.",
    }
    await anonymous.close()


async def test_a_non_public_session_refuses_people_without_rights(live):
    live.session.is_public = False
    await database_sync_to_async(live.session.save)()
    assert not await Client(live.session.pk).connect()
    assert not await Client(live.session.pk, live.watcher).connect()
    participant = Client(live.session.pk, live.alice)
    assert await participant.connect()
    await participant.close()


async def test_an_unknown_session_is_refused(live):
    assert not await Client(live.session.pk + 1000).connect()


async def test_the_handshake_checks_the_origin(live, full_app):
    from django.contrib.auth.models import AnonymousUser  # noqa: F401 - scope set by middleware

    bad = Client(live.session.pk, app=full_app, headers=[(b"origin", b"https://evil.example")])
    assert not await bad.connect()
    good = Client(live.session.pk, app=full_app, headers=[(b"origin", b"http://testserver")])
    assert await good.connect()
    await good.close()


def test_the_app_registers_its_route_and_the_forum_routes_it():
    from forum import routing
    from remote_hubs.consumers import LiveRoomConsumer
    from remote_hubs.routing import websocket_urlpatterns

    assert "remote_hubs.routing.websocket_urlpatterns" in routing._ROUTE_LISTS
    # Other apps register their own routes beside it.
    routes = [r for r in routing.websocket_urlpatterns() if r in websocket_urlpatterns]
    assert routes == websocket_urlpatterns
    assert [str(route.pattern) for route in routes] == ["ws/live/<int:session_id>/"]
    assert routes[0].callback.consumer_class is LiveRoomConsumer


async def test_the_forums_application_routes_the_live_room(live):
    from forum.routing import build_application

    async def no_http(scope, receive, send):  # pragma: no cover - never called
        raise AssertionError("HTTP")

    client = Client(
        live.session.pk,
        live.alice,
        app=build_application(no_http),
        headers=[(b"origin", b"http://testserver")],
    )
    assert await client.connect()
    assert client.welcome["participant"] is True
    await client.close()
