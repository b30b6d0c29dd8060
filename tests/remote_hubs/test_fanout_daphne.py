"""The room's subscriber on real daphne processes (Redis, PostgreSQL): the doorbell path alone
(the catch-up tick disabled) reaches every socket, coalesced frames keep every item once and in
order, two processes see each other's items, and the audience rule holds per group in a batch."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import pytest
from asgiref.sync import sync_to_async
from websockets.asyncio.client import connect

from remote_hubs.models import LiveEvent, LivePresence, LiveSettings
from remote_hubs.services import live as live_services
from tests.conftest import start_daphne
from tests.factories import ForumFactory, UserFactory
from tests.remote_hubs.factories import RegistrationFactory
from tests.remote_hubs.wsclient import session_cookie_for
from tests.sessions.factories import SessionFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

#: The catch-up tick is off: whatever arrives came through the doorbell and the room's subscriber.
NO_TICK = {"PLENARIA_LIVE_SYNC_INTERVAL": "0"}


@pytest.fixture(scope="module")
def servers(django_db_setup, tmp_path_factory) -> Iterator[list[str]]:
    """Two daphne processes without the tick: a wide coalescing window (200 ms) on both, so that
    items written together are batched deterministically."""
    started = [
        start_daphne(tmp_path_factory.mktemp("fanout"), **NO_TICK, PLENARIA_LIVE_COALESCE_MS="200")
        for _ in range(2)
    ]
    yield [url for _server, url in started]
    for server, _url in started:
        server.stop()


@pytest.fixture(scope="module")
def unbatched(django_db_setup, tmp_path_factory) -> Iterator[str]:
    """A daphne process without the tick nor coalescing: every item goes out in its own frame."""
    server, url = start_daphne(
        tmp_path_factory.mktemp("fanout0"), **NO_TICK, PLENARIA_LIVE_COALESCE_MS="0"
    )
    yield url
    server.stop()


class Socket:
    """A bare client: every frame as received, and the items it carried (batches unpacked)."""

    def __init__(self, base: str, session_id: int, cookie: str | None = None):
        netloc = base.split("://", 1)[1]
        self.url, self.origin = f"ws://{netloc}/ws/live/{session_id}/", base
        self.headers = [("Cookie", f"sessionid={cookie}")] if cookie else []
        self.frames: list[dict] = []
        self.items: list[dict] = []

    async def open(self) -> None:
        self.socket = await connect(
            self.url, origin=self.origin, additional_headers=self.headers, open_timeout=60
        )
        welcome = json.loads(await asyncio.wait_for(self.socket.recv(), 30))
        assert welcome["type"] == "welcome"
        self.task = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        async for raw in self.socket:
            frame = json.loads(raw)
            self.frames.append(frame)
            for item in frame["items"] if frame["type"] == "batch" else [frame]:
                if "id" in item:
                    self.items.append(item)

    def texts(self, type_: str = "chat.message") -> list[str]:
        return [i["text"] for i in self.items if i["type"] == type_]

    async def until(self, predicate, timeout: float = 20) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self):
                return True
            await asyncio.sleep(0.02)
        return predicate(self)

    async def close(self) -> None:
        await self.socket.close()
        self.task.cancel()


def server_left(session, timeout: float = 15) -> None:
    """Wait until the servers have written every disconnect (presence rows gone), so that no
    write of theirs runs into the test database's teardown."""
    deadline = time.monotonic() + timeout
    while LivePresence.objects.filter(room__session=session).exists():
        assert time.monotonic() < deadline, "the server did not handle the disconnects"
        time.sleep(0.05)


@pytest.fixture
def room(transactional_db):
    forum = ForumFactory()
    session = SessionFactory(forum=forum, title="Main session", is_public=True)
    moderator = UserFactory(name="Moderator")
    session.moderators.add(moderator)
    people = [RegistrationFactory(forum=forum, user=UserFactory(name=f"P{n}")).user for n in (1, 2)]
    return session, moderator, people


def write(session, by, texts) -> None:
    room = live_services.live_room_for(session=session)
    for text in texts:
        live_services.chat_send(room=room, by=by, text=text)


def test_the_doorbell_alone_reaches_200_sockets_every_item_once_in_order(unbatched, room):
    session, _moderator, (writer, _) = room
    texts = [f"line {n}" for n in range(15)]

    async def scenario():
        sockets = [Socket(unbatched, session.pk) for _ in range(200)]
        await asyncio.gather(*(s.open() for s in sockets))
        await sync_to_async(write)(session, writer, texts)
        for s in sockets:
            assert await s.until(lambda s: len(s.texts()) >= len(texts)), len(s.texts())
        await asyncio.sleep(0.3)  # a duplicate would arrive meanwhile
        result = [(s.texts(), [i["id"] for i in s.items], len(s.frames)) for s in sockets]
        await asyncio.gather(*(s.close() for s in sockets))
        return result

    for got, ids, frames in asyncio.run(scenario()):
        assert got == texts
        assert ids == sorted(set(ids))  # each once, in id order
        assert frames >= len(texts)  # coalescing off: one frame per item
    server_left(session)


def test_items_written_together_coalesce_without_loss_or_reordering(servers, room):
    session, _moderator, (writer, _) = room
    texts = [f"burst {n}" for n in range(30)]

    async def scenario():
        sockets = [Socket(servers[0], session.pk) for _ in range(20)]
        await asyncio.gather(*(s.open() for s in sockets))
        await sync_to_async(write)(session, writer, texts)
        for s in sockets:
            assert await s.until(lambda s: len(s.texts()) >= len(texts))
        await asyncio.sleep(0.5)
        result = [(s.texts(), s.items, s.frames) for s in sockets]
        await asyncio.gather(*(s.close() for s in sockets))
        return result

    stored = None
    for got, items, frames in asyncio.run(scenario()):
        if stored is None:
            stored = list(
                LiveEvent.objects.filter(room__session=session)
                .order_by("seq")
                .values_list("seq", flat=True)
            )
        assert got == texts
        assert [i["id"] for i in items] == stored  # each once, in id order
        carrying = [f for f in frames if f["type"] == "batch" or "id" in f]
        # 30 items written in a few hundred milliseconds, a 200 ms window: a handful of frames.
        assert len(carrying) < len(texts) / 2, len(carrying)
        assert any(f["type"] == "batch" and len(f["items"]) > 1 for f in carrying)
    server_left(session)


def test_two_processes_see_each_others_items(servers, room):
    session, _moderator, (first, second) = room
    cookies = [session_cookie_for(first), session_cookie_for(second)]

    async def scenario():
        on_a = [Socket(servers[0], session.pk, cookies[0]), Socket(servers[0], session.pk)]
        on_b = [Socket(servers[1], session.pk, cookies[1]), Socket(servers[1], session.pk)]
        for s in [*on_a, *on_b]:
            await s.open()
        await on_a[0].socket.send(json.dumps({"type": "chat.send", "text": "from A"}))
        for s in [*on_a, *on_b]:
            assert await s.until(lambda s: s.texts() == ["from A"]), s.texts()
        await on_b[0].socket.send(json.dumps({"type": "chat.send", "text": "from B"}))
        for s in [*on_a, *on_b]:
            assert await s.until(lambda s: s.texts() == ["from A", "from B"]), s.texts()
        for s in [*on_a, *on_b]:
            await s.close()

    asyncio.run(scenario())
    server_left(session)


def test_a_moderated_question_in_a_batch_reaches_only_moderators_and_its_author(servers, room):
    session, moderator, (author, other) = room
    LiveSettings.objects.update_or_create(
        forum=session.forum, defaults={"moderate_questions": True}
    )
    cookies = {u: session_cookie_for(u) for u in (moderator, author, other)}

    def ask_then_chat():
        room_row = live_services.live_room_for(session=session)
        live_services.chat_send(room=room_row, by=other, text="before")
        live_services.question_ask(room=room_row, by=author, text="Pending?", anonymous=False)
        live_services.chat_send(room=room_row, by=other, text="after")

    async def scenario():
        sockets = {
            "moderator": Socket(servers[0], session.pk, cookies[moderator]),
            "author": Socket(servers[0], session.pk, cookies[author]),
            "other": Socket(servers[0], session.pk, cookies[other]),
            "anonymous": Socket(servers[0], session.pk),
            "other elsewhere": Socket(servers[1], session.pk, cookies[other]),
        }
        for s in sockets.values():
            await s.open()
        await sync_to_async(ask_then_chat)()
        for s in sockets.values():
            assert await s.until(lambda s: s.texts() == ["before", "after"]), s.texts()
        await asyncio.sleep(0.3)
        result = {name: [i["type"] for i in s.items] for name, s in sockets.items()}
        batched = any(f["type"] == "batch" for f in sockets["moderator"].frames)
        for s in sockets.values():
            await s.close()
        return result, batched

    seen, batched = asyncio.run(scenario())
    every = ["chat.message", "question.new", "chat.message"]
    assert seen["moderator"] == every
    assert seen["author"] == every
    assert seen["other"] == ["chat.message", "chat.message"]
    assert seen["anonymous"] == ["chat.message", "chat.message"]
    assert seen["other elsewhere"] == ["chat.message", "chat.message"]
    assert batched  # the three items went out together: the rule was applied inside a batch
    server_left(session)
