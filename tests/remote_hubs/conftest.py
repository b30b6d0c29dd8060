"""Fixtures for the live room: a forum with a session, its moderator, participants, a hub."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from forum.models import Forum, User
from forum.routing import build_application
from remote_hubs.models import Hub
from sessions.models import Session
from tests.factories import ForumFactory, UserFactory
from tests.remote_hubs.factories import HubFactory, RegistrationFactory
from tests.sessions.factories import SessionFactory


@dataclass
class Live:
    forum: Forum
    session: Session
    moderator: User
    alice: User
    bob: User
    watcher: User
    hub: Hub
    hub_coordinator: User


@pytest.fixture
def live(settings):
    settings.LIVE_AGGREGATE_INTERVAL = 0.05
    settings.LIVE_RATE_LIMITS = {"any": (40, 10), "write": (10, 10)}
    forum = ForumFactory()
    session = SessionFactory(forum=forum, title="Governing AI together")
    moderator = UserFactory(name="Mona Moderator")
    session.moderators.add(moderator)
    alice = RegistrationFactory(forum=forum, user=UserFactory(name="Alice Ade")).user
    bob = RegistrationFactory(forum=forum, user=UserFactory(name="Bob Banda")).user
    watcher = UserFactory(name="Walter Watcher")  # not registered: watches only
    coordinator = UserFactory(name="Hana Hub")
    hub = HubFactory(forum=forum, city="Lagos", coordinator=coordinator)
    yield Live(forum, session, moderator, alice, bob, watcher, hub, coordinator)
    # A presence batch still being written when the test's database is emptied could deadlock
    # with the TRUNCATE: wait for it (one not yet started never starts, its event loop is gone).
    from remote_hubs.presence_writer import presence_batch

    assert presence_batch.wait_idle(), "a presence batch is still being written"


def websocket_app():
    from remote_hubs.routing import websocket_urlpatterns

    return URLRouter(websocket_urlpatterns)


def signed_in_session(user):
    """A real session in which ``user`` is logged in, as after the login page."""
    from importlib import import_module

    from django.conf import settings
    from django.test import Client as HttpClient

    browser = HttpClient()
    browser.force_login(user)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    return store(session_key=browser.cookies[settings.SESSION_COOKIE_NAME].value)


class Client:
    """A WebsocketCommunicator with helpers that read frames by type."""

    def __init__(self, session_id: int, user=None, app=None, headers=None):
        self.comm = WebsocketCommunicator(
            app or websocket_app(), f"/ws/live/{session_id}/", headers=headers or []
        )
        self.comm.scope["user"] = user or AnonymousUser()
        self.welcome: dict | None = None
        self.unbatched: list[dict] = []

    async def connect(self) -> bool:
        user = self.comm.scope.get("user")
        if user is not None and user.is_authenticated and "session" not in self.comm.scope:
            # As the browser would: the socket carries a real signed-in session.
            self.comm.scope["session"] = await database_sync_to_async(signed_in_session)(user)
        connected, _ = await self.comm.connect(timeout=5)
        if connected:
            self.welcome = await self.comm.receive_json_from(timeout=5)
            assert self.welcome["type"] == "welcome"
        return connected

    async def send(self, **message) -> None:
        await self.comm.send_json_to(message)

    async def recv(self, timeout: float = 10) -> dict:
        """The next frame; the items of a ``batch`` frame come one by one, in order."""
        if self.unbatched:
            return self.unbatched.pop(0)
        frame = await self.comm.receive_json_from(timeout=timeout)
        if frame["type"] == "batch":
            self.unbatched = list(frame["items"])
            return self.unbatched.pop(0)
        return frame

    async def next_of(self, *types: str, timeout: float = 10) -> dict:
        """The next frame of one of ``types``, skipping presence and tallies in between."""
        while True:
            frame = await self.recv(timeout)
            if frame["type"] in types:
                return frame

    async def nothing(self, *types: str, until: str, timeout: float = 10) -> bool:
        """True if no frame of ``types`` comes before the next frame of type ``until``.

        The caller first sends a marker that the server answers with an ``until`` frame through
        the same path as the frames checked (a chat line after a broadcast, say): a frame that
        was merely late would arrive before that answer, so the check cannot pass by looking too
        early. Apart from presence counts (sent at any moment), the answer must be the very next
        frame. Every read has a deadline."""
        while True:
            frame = await self.recv(timeout)
            if frame["type"] == until:
                return True
            if frame["type"] == "presence" and "presence" not in types:
                continue
            return False

    async def close(self) -> None:
        await self.comm.disconnect()


async def joined(live, user=None) -> Client:
    """A connected client of the live fixture's room (anonymous without ``user``)."""
    client = Client(live.session.pk, user)
    assert await client.connect()
    return client


@pytest.fixture
def full_app():
    from django.core.asgi import get_asgi_application

    return build_application(get_asgi_application())
