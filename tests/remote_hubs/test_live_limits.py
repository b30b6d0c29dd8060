"""The per-person rate limit of the live room."""

from __future__ import annotations

import asyncio
import time

import pytest
from channels.db import database_sync_to_async

from remote_hubs.models import (
    ChatMessage,
)
from tests.remote_hubs.conftest import Client, joined

pytestmark = pytest.mark.django_db(transaction=True)


async def test_each_person_is_rate_limited(live, settings):
    settings.LIVE_RATE_LIMITS = {"any": (40, 60), "write": (3, 60)}
    # The limits count in fixed windows (time // 60): start well inside one, or the fourth line
    # would fall into a fresh window and pass (seen once in CI).
    into_window = time.time() % 60
    if into_window > 45:
        await asyncio.sleep(60.5 - into_window)
    client = await joined(live, live.alice)
    for n in range(3):
        await client.send(type="chat.send", text=f"line {n}")
        assert (await client.next_of("chat.message"))["text"] == f"line {n}"
    await client.send(type="chat.send", text="one too many")
    assert (await client.next_of("error"))["code"] == "rate_limited"
    # A second connection of the same person shares the limit.
    second = await joined(live, live.alice)
    await second.send(type="question.ask", text="still me")
    assert (await second.next_of("error"))["code"] == "rate_limited"
    assert await database_sync_to_async(ChatMessage.objects.count)() == 3
    await client.close()
    await second.close()


@pytest.mark.parametrize("shared", [True, False], ids=["redis", "in-process"])
async def test_the_rate_limit_service_counts_per_person_and_per_bucket(live, settings, shared):
    from django.contrib.auth.models import AnonymousUser

    from remote_hubs.services.live.base import LiveError
    from remote_hubs.services.live.limits import rate_limit

    if not shared:
        settings.REDIS_URL = ""  # embedded mode: the counter lives in the process
    settings.LIVE_RATE_LIMITS = {"any": (3, 3600), "write": (1, 3600)}
    await rate_limit(user=live.bob, address="192.0.2.1", write=True)
    with pytest.raises(LiveError) as refused:
        await rate_limit(user=live.bob, address="192.0.2.2", write=True)  # another socket
    assert refused.value.code == "rate_limited"
    # Reads count only against "any": one more fits, then that bucket is full too.
    await rate_limit(user=live.bob, address="192.0.2.1", write=False)
    with pytest.raises(LiveError):
        await rate_limit(user=live.bob, address="192.0.2.1", write=False)
    # Someone else, and a visitor (counted by address), have their own counts.
    await rate_limit(user=live.alice, address="192.0.2.1", write=True)
    visitor = AnonymousUser()
    for _ in range(3):
        await rate_limit(user=visitor, address="192.0.2.1", write=False)
    with pytest.raises(LiveError):
        await rate_limit(user=visitor, address="192.0.2.1", write=False)
    await rate_limit(user=visitor, address="192.0.2.99", write=False)


async def _until_pong(client) -> list[str]:
    """The error codes a client got before the answer to its ping: every earlier message of the
    socket has been handled by then (a consumer handles one message at a time)."""
    await client.send(type="ping")
    codes = []
    while (frame := await client.next_of("error", "pong"))["type"] != "pong":
        codes.append(frame["code"])
    return codes


@pytest.mark.services
async def test_twenty_sockets_of_one_person_share_one_budget_on_redis(live, settings):
    """The counter is one atomic step in the shared Redis: 20 sockets sending 5 lines each, all at
    once, get exactly the person's 10 writes through."""
    settings.LIVE_RATE_LIMITS = {"any": (1000, 3600), "write": (10, 3600)}
    sockets = [await joined(live, live.alice) for _ in range(20)]

    async def burst(client, n):
        for k in range(5):
            await client.send(type="chat.send", text=f"{n}.{k}")

    await asyncio.gather(*(burst(client, n) for n, client in enumerate(sockets)))
    refused = [code for client in sockets for code in await _until_pong(client)]
    assert refused == ["rate_limited"] * 90
    assert await database_sync_to_async(ChatMessage.objects.count)() == 10
    for client in sockets:
        await client.close()


async def test_anonymous_sockets_from_one_address_share_a_budget(live, settings):
    """Visitors are counted by address, every message (resume too), across all their sockets."""
    settings.LIVE_RATE_LIMITS = {"any": (6, 3600), "write": (10, 3600)}

    async def visitor(address: str) -> Client:
        client = Client(live.session.pk)
        client.comm.scope["client"] = (address, 50000)
        assert await client.connect()
        return client

    same_address = [await visitor("203.0.113.9") for _ in range(4)]
    for client in same_address:
        for _ in range(3):
            await client.send(type="resume", last_id=0)
    answers = [
        (await client.next_of("resumed", "error"))["type"]
        for client in same_address
        for _ in range(3)
    ]
    assert sorted(answers) == ["error"] * 6 + ["resumed"] * 6
    elsewhere = await visitor("198.51.100.4")
    await elsewhere.send(type="resume", last_id=0)
    assert (await elsewhere.next_of("resumed", "error"))["type"] == "resumed"
    for client in [*same_address, elsewhere]:
        await client.close()
