"""The live room on a real daphne process with Redis, and real WebSocket clients."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from remote_hubs.models import ChatMessage, LiveEvent, LivePresence, Poll, PollVote
from remote_hubs.services import live as live_services
from tests.factories import ForumFactory, UserFactory
from tests.remote_hubs.factories import RegistrationFactory
from tests.remote_hubs.wsclient import LiveClient, session_cookie_for
from tests.sessions.factories import SessionFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def room(transactional_db):
    forum = ForumFactory()
    session = SessionFactory(forum=forum, title="Fifty people")
    moderator = UserFactory(name="Moderator")
    session.moderators.add(moderator)
    participants = [
        RegistrationFactory(forum=forum, user=UserFactory(name=f"P{n}")).user for n in range(50)
    ]
    return session, moderator, participants


def test_fifty_clients_receive_every_item_in_order_and_tallies_batched(daphne_server, room):
    session, moderator, participants = room
    cookies = [session_cookie_for(p) for p in participants]
    moderator_cookie = session_cookie_for(moderator)

    async def scenario():
        clients = [LiveClient(daphne_server, session.pk, c) for c in cookies]
        mod = LiveClient(daphne_server, session.pk, moderator_cookie)
        for client in [*clients, mod]:
            await client.start()
        await asyncio.wait_for(asyncio.gather(*(c.ready.wait() for c in [*clients, mod])), 30)
        # Ten people send two chat lines each: 20 items.
        for n, client in enumerate(clients[:10]):
            await client.send(type="chat.send", text=f"hello {n}a")
            await client.send(type="chat.send", text=f"hello {n}b")
        for client in clients:
            assert await client.wait_for(lambda c: len(c.of_type("chat.message")) == 20, 20)
        # A poll: every one of the 50 votes; tallies come batched, not one frame per vote.
        await mod.send(type="poll.create", kind="single", question="Which?", options=["a", "b"])
        assert await mod.wait_for(lambda c: c.of_type("poll.created"), 10)
        poll_id = mod.of_type("poll.created")[0]["poll_id"]
        await mod.send(type="poll.open", poll_id=poll_id)
        for client in clients:
            assert await client.wait_for(lambda c: c.of_type("poll.opened"), 10)
        await asyncio.gather(
            *(
                c.send(type="poll.vote", poll_id=poll_id, answer=n % 2)
                for n, c in enumerate(clients)
            )
        )

        def final_tally(c):
            tallies = [f for f in c.frames if f["type"] == "poll.tally" and f["poll_id"] == poll_id]
            return tallies and tallies[-1]["results"]["votes"] == 50

        for client in clients:
            assert await client.wait_for(final_tally, 15)
        result = [c.frames for c in clients]
        for client in [*clients, mod]:
            await client.stop()
        return clients, result

    clients, _ = asyncio.run(scenario())
    stored = list(
        LiveEvent.objects.filter(room__session=session, type="chat.message")
        .order_by("seq")
        .values_list("seq", "payload__text")
    )
    assert len(stored) == 20
    assert ChatMessage.objects.filter(room__session=session).count() == 20
    for client in clients:
        chat = client.of_type("chat.message")
        # Every stored item, each once, in the order of the room's ids.
        assert [(i["id"], i["text"]) for i in chat] == stored
        assert client.order == sorted(client.order)
        tallies = [f for f in client.frames if f["type"] == "poll.tally"]
        assert tallies[-1]["results"] == {"votes": 50, "counts": [25, 25]}
        # Batched: far fewer tally frames than votes (one frame per vote would be 50).
        assert len(tallies) <= 20, len(tallies)
    assert PollVote.objects.filter(poll__room__session=session).count() == 50
    assert Poll.objects.get(room__session=session).status == "open"


def test_a_client_that_reconnects_with_resume_gets_exactly_what_it_missed(daphne_server, room):
    session, moderator, participants = room
    reader_cookie, writer_cookie = (
        session_cookie_for(participants[0]),
        session_cookie_for(participants[1]),
    )
    parts = daphne_server.split("://", 1)[1]
    url, origin = f"ws://{parts}/ws/live/{session.pk}/", daphne_server
    headers = lambda cookie: [("Cookie", f"sessionid={cookie}")]  # noqa: E731

    unread: dict[object, list[dict]] = {}

    async def frames_until(socket, type_):
        """Items up to and including the next of ``type_``, a batch frame's items one by one (the
        rest of a batch waits for the next call)."""
        pending = unread.setdefault(socket, [])
        frames = []
        while True:
            if not pending:
                frame = json.loads(await asyncio.wait_for(socket.recv(), 10))
                pending.extend(frame["items"] if frame["type"] == "batch" else [frame])
            item = pending.pop(0)
            frames.append(item)
            if item["type"] == type_:
                return frames

    async def scenario():
        async with connect(url, origin=origin, additional_headers=headers(writer_cookie)) as writer:
            await frames_until(writer, "welcome")
            async with connect(
                url, origin=origin, additional_headers=headers(reader_cookie)
            ) as reader:
                await frames_until(reader, "welcome")
                await writer.send(json.dumps({"type": "chat.send", "text": "before 1"}))
                await writer.send(json.dumps({"type": "chat.send", "text": "before 2"}))
                seen = list(await frames_until(reader, "chat.message"))
                seen += list(await frames_until(reader, "chat.message"))
                last_id = max(f["id"] for f in seen if "id" in f)
            # The reader is gone; five items are sent.
            for n in range(5):
                await writer.send(json.dumps({"type": "chat.send", "text": f"missed {n}"}))
            # Stored: the writer hears its last line back (each read has a deadline).
            while (await frames_until(writer, "chat.message"))[-1]["text"] != "missed 4":
                pass
            async with connect(
                url, origin=origin, additional_headers=headers(reader_cookie)
            ) as reader:
                welcome = (await frames_until(reader, "welcome"))[-1]
                await reader.send(json.dumps({"type": "resume", "last_id": last_id}))
                frames = await frames_until(reader, "resumed")
                return last_id, welcome, [f for f in frames if "id" in f], frames[-1]

    last_id, welcome, replayed, resumed = asyncio.run(scenario())
    assert last_id == 2
    assert welcome["last_id"] == 7
    assert [(f["id"], f["type"], f["text"]) for f in replayed] == [
        (3, "chat.message", "missed 0"),
        (4, "chat.message", "missed 1"),
        (5, "chat.message", "missed 2"),
        (6, "chat.message", "missed 3"),
        (7, "chat.message", "missed 4"),
    ]
    assert resumed == {"type": "resumed", "last_id": 7}
    server_left(session)


def server_left(session, timeout: float = 10) -> None:
    """Wait until daphne has handled every disconnect of the room (its presence rows gone), so that
    no write of the server's runs into the test database's teardown (a deadlock with TRUNCATE)."""
    deadline = time.monotonic() + timeout
    while LivePresence.objects.filter(room__session=session).exists():
        assert time.monotonic() < deadline, "the server did not handle the disconnects"
        time.sleep(0.05)


def test_the_handshake_refuses_a_foreign_origin_and_a_closed_room(daphne_server, room):
    session, _moderator, participants = room
    closed = SessionFactory(forum=session.forum, is_public=False)
    parts = daphne_server.split("://", 1)[1]

    async def status(path, origin):
        try:
            async with connect(f"ws://{parts}{path}", origin=origin):
                return 101
        except InvalidStatus as error:
            return error.response.status_code

    assert asyncio.run(status(f"/ws/live/{session.pk}/", "https://evil.example")) == 403
    assert asyncio.run(status(f"/ws/live/{closed.pk}/", daphne_server)) == 403
    assert asyncio.run(status(f"/ws/live/{session.pk}/", daphne_server)) == 101


def test_items_written_by_another_process_reach_daphne_clients(daphne_server, room):
    """A service called outside daphne (a view, a task) rings the doorbell through Redis."""
    session, _moderator, participants = room
    cookie = session_cookie_for(participants[0])

    async def scenario():
        client = LiveClient(daphne_server, session.pk, cookie)
        await client.start()
        await asyncio.wait_for(client.ready.wait(), 15)
        from asgiref.sync import sync_to_async

        room_row = await sync_to_async(live_services.live_room_for)(session=session)
        await sync_to_async(live_services.chat_send)(
            room=room_row, by=participants[1], text="from elsewhere"
        )
        ok = await client.wait_for(lambda c: c.of_type("chat.message"), 10)
        await client.stop()
        return ok, client

    ok, client = asyncio.run(scenario())
    assert ok
    assert client.of_type("chat.message")[0]["text"] == "from elsewhere"
