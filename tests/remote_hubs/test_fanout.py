"""Fan-out costs: an item is serialised once however many consumers forward it, and consumers
catching up from the log share one read per process, each still seeing only what it may."""

from __future__ import annotations

import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from remote_hubs import consumers, fanout_log
from remote_hubs.models import LiveEvent
from remote_hubs.services import live as live_services
from remote_hubs.services.live import events
from remote_hubs.services.live.events import event_append
from tests.remote_hubs.conftest import Client

pytestmark = pytest.mark.django_db(transaction=True)


async def raw_of(client: Client, *types: str) -> str:
    """The text of the next frame of one of ``types``, exactly as the server sent it."""
    while True:
        text = await client.comm.receive_from(timeout=10)
        if json.loads(text)["type"] in types:
            return text


def write_silently(live, *items):
    """Store items without ringing the doorbell, as when the channel layer drops it."""
    room = live_services.live_room_for(session=live.session)
    with transaction.atomic():
        for kwargs in items:
            event_append(room=room, **kwargs)
        transaction.get_connection().run_on_commit = []


async def test_an_item_is_serialised_once_for_every_consumer(live, monkeypatch):
    serialised: list[dict] = []
    real = events.frame_text

    def counting(frame):
        if frame.get("type") == "chat.message":
            serialised.append(frame)
        return real(frame)

    monkeypatch.setattr(events, "frame_text", counting)
    monkeypatch.setattr(consumers, "frame_text", counting)
    people = [live.moderator, live.alice, live.bob, live.watcher, live.hub_coordinator, None]
    clients = [Client(live.session.pk, person) for person in people]
    for client in clients:
        assert await client.connect()
    room = await database_sync_to_async(live_services.live_room_for)(session=live.session)
    await database_sync_to_async(live_services.chat_send)(room=room, by=live.bob, text="<b>hi</b>")

    texts = [await raw_of(client, "chat.message") for client in clients]

    assert len(serialised) == 1
    assert len(set(texts)) == 1
    item = json.loads(texts[0])
    assert item["id"] == 1
    assert item["text"] == "<b>hi</b>"
    assert item["author"] == "Bob Banda"
    for client in clients:
        await client.close()


async def test_consumers_catching_up_share_one_read_and_see_only_what_they_may(live, monkeypatch):
    """Items whose doorbells were lost reach every consumer from one read of the log; an item for
    moderators and its author reaches only them."""
    reads: list[tuple[int, int]] = []
    real = events.log_frames

    def counting(*, room_id, after, upto):
        reads.append((after, upto))
        return real(room_id=room_id, after=after, upto=upto)

    monkeypatch.setattr(fanout_log, "log_frames", counting)
    mod, alice, bob = (
        Client(live.session.pk, live.moderator),
        Client(live.session.pk, live.alice),
        Client(live.session.pk, live.bob),
    )
    for client in (mod, alice, bob):
        assert await client.connect()
    await database_sync_to_async(write_silently)(
        live,
        {"type": "caption.segment", "payload": {"text": "one"}},
        {
            "type": "user.muted",
            "payload": {"user_id": live.bob.pk, "name": "Bob Banda"},
            "audience": LiveEvent.Audience.MODERATORS,
            "user_id": live.bob.pk,
        },
        {"type": "caption.segment", "payload": {"text": "three"}},
    )
    # The next doorbell (id 4) shows each consumer the gap, which all fill at once.
    room = await database_sync_to_async(live_services.live_room_for)(session=live.session)
    await database_sync_to_async(live_services.chat_send)(room=room, by=live.alice, text="four")

    async def ids(client):
        return [
            (await client.next_of("caption.segment", "user.muted", "chat.message"))["id"]
            for _ in range(4 if client is not alice else 3)
        ]

    got = await asyncio.gather(ids(mod), ids(alice), ids(bob))

    assert got == [[1, 2, 3, 4], [1, 3, 4], [1, 2, 3, 4]]
    assert reads == [(0, 3)]
    # Marker: a later item for everyone is alice's next item, with no muting notice before it.
    await database_sync_to_async(live_services.chat_send)(room=room, by=live.bob, text="five")
    assert await alice.nothing("user.muted", until="chat.message")
    for client in (mod, alice, bob):
        await client.close()


async def test_an_id_the_log_lacks_is_skipped_not_read_forever(live):
    """Ids the log lacks (a rolled-back write) are remembered as empty, not read again. Each
    call is bounded: a regression that rereads forever fails here in seconds."""

    def room_with_a_gap():
        write_silently(live, *({"type": "caption.segment", "payload": {"text": t}} for t in "abc"))
        room = live_services.live_room_for(session=live.session)
        LiveEvent.objects.filter(room=room, seq=2).delete()
        return room.pk

    room_id = await database_sync_to_async(room_with_a_gap)()
    items = await asyncio.wait_for(fanout_log.logged_items(room_id, after=0, upto=3), 5)
    assert [seq for seq, *_ in items] == [1, 3]
    items = await asyncio.wait_for(fanout_log.logged_items(room_id, after=1, upto=3), 5)
    assert [seq for seq, *_ in items] == [3]
    nowhere = 10**9  # no such room: the log holds nothing for it
    assert await asyncio.wait_for(fanout_log.logged_items(nowhere, after=0, upto=3), 5) == []
    assert await asyncio.wait_for(fanout_log.logged_items(nowhere, after=1, upto=3), 5) == []
