"""Redis restarts in the middle of a live session: nothing stored is lost, clients catch up.

The test runs its own redis-server on a free port (never the shared one) and a daphne process whose
channel layer uses it. Chat lines are written through daphne before, during and after the outage.
"""

from __future__ import annotations

import asyncio
import socket
import time

import pytest
from channels.db import database_sync_to_async

from remote_hubs.models import LiveEvent
from tests.conftest import free_port, start_daphne, start_redis
from tests.factories import ForumFactory, UserFactory
from tests.remote_hubs.factories import RegistrationFactory
from tests.remote_hubs.wsclient import LiveClient, session_cookie_for
from tests.sessions.factories import SessionFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

READERS = 10


def accepts_connections(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def stored_chat_lines(session) -> int:
    return LiveEvent.objects.filter(room__session=session, type="chat.message").count()


async def until(condition, timeout: float) -> bool:
    """Whether ``condition`` (a blocking call, run off the event loop) holds within ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        if await database_sync_to_async(condition)():
            return True
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)


def test_no_item_is_lost_and_clients_catch_up_within_ten_seconds(tmp_path):
    forum = ForumFactory()
    session = SessionFactory(forum=forum)
    writer = RegistrationFactory(forum=forum, user=UserFactory(name="Writer")).user
    readers = [RegistrationFactory(forum=forum).user for _ in range(READERS)]
    writer_cookie = session_cookie_for(writer)
    reader_cookies = [session_cookie_for(r) for r in readers]

    port = free_port()
    redis = start_redis(port)
    server, base = start_daphne(tmp_path, REDIS_URL=f"redis://127.0.0.1:{port}/0")

    async def scenario():
        nonlocal redis
        clients = [LiveClient(base, session.pk, c) for c in reader_cookies]
        author = LiveClient(base, session.pk, writer_cookie)
        for client in [*clients, author]:
            await client.start()
        await asyncio.wait_for(asyncio.gather(*(c.ready.wait() for c in [*clients, author])), 30)

        async def write(texts):
            for text in texts:
                await author.send(type="chat.send", text=text)
                await asyncio.sleep(0.05)

        await write([f"before {n}" for n in range(3)])
        for client in clients:
            assert await client.wait_for(lambda c: len(c.of_type("chat.message")) == 3, 10)

        # Redis goes away; the session goes on.
        redis.terminate()
        redis.wait(timeout=10)
        assert await until(lambda: not accepts_connections(port), 10)
        await write([f"during {n}" for n in range(3)])
        # Daphne stored the three lines though it could ring no doorbell.
        assert await until(lambda: stored_chat_lines(session) == 6, 10)

        # Redis is back (empty: group memberships are gone too).
        redis = start_redis(port)
        back_at = time.monotonic()
        await write([f"after {n}" for n in range(3)])
        for client in clients:
            await client.wait_for(lambda c: len(c.of_type("chat.message")) == 9, 15)
        caught_up = [
            max(c.arrival[i] for i in c.order) - back_at if c.order else None for c in clients
        ]
        for client in [*clients, author]:
            await client.stop()
        return clients, caught_up

    try:
        clients, caught_up = asyncio.run(scenario())
    finally:
        server.stop()
        (tmp_path / "daphne-output.txt").write_text(server.output())
        redis.terminate()
        redis.wait(timeout=10)

    stored = list(
        LiveEvent.objects.filter(room__session=session, type="chat.message")
        .order_by("seq")
        .values_list("seq", "payload__text")
    )
    # Every line the writer sent is stored, including those written while Redis was down.
    assert [text for _seq, text in stored] == [
        *(f"before {n}" for n in range(3)),
        *(f"during {n}" for n in range(3)),
        *(f"after {n}" for n in range(3)),
    ]
    for client, seconds in zip(clients, caught_up, strict=True):
        received = [(i["id"], i["text"]) for i in client.of_type("chat.message")]
        assert received == stored, server.output()[-3000:]
        assert seconds is not None and seconds <= 10, seconds
