"""The room's frames written straight to daphne's connections (remote_hubs/wire.py): framed once,
each socket's frames in order whether the kernel takes them at once or Twisted keeps the rest, a
closed socket dropped without costing the others their frame, and the seam found on real daphne.

The first tests use daphne's own WebSocketProtocol over a real Twisted TCP transport on a loopback
connection, opened by hand (state, send queue): no handshake and no reactor run, so that the test
decides when the kernel's buffer is full and when Twisted writes what it kept."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import socket
import struct
import time
import types
from collections.abc import Iterator

import pytest
from asgiref.sync import sync_to_async
from websockets.asyncio.client import connect

from remote_hubs import fanout, wire
from remote_hubs.models import LiveEvent, LivePresence
from remote_hubs.services import live as live_services
from tests.conftest import start_daphne
from tests.factories import ForumFactory, UserFactory
from tests.remote_hubs.factories import RegistrationFactory
from tests.sessions.factories import SessionFactory


class Connection:
    """One accepted loopback connection as daphne holds it, and the client's end of it."""

    def __init__(self) -> None:
        from autobahn.websocket.protocol import TrafficStats
        from daphne.ws_protocol import WebSocketFactory, WebSocketProtocol
        from twisted.internet import reactor, tcp

        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(1)
            self.client = socket.create_connection(listener.getsockname())
            accepted, address = listener.accept()
        accepted.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        accepted.setblocking(False)
        factory = WebSocketFactory(None, server="test")
        self.protocol = factory.buildProtocol(address)
        for name in self.protocol.CONFIG_ATTRS:  # as autobahn does when a connection is made
            setattr(self.protocol, name, getattr(factory, name))
        self.transport = tcp.Server(accepted, self.protocol, address, None, 1, reactor)
        self.protocol.transport = self.transport
        self.protocol.state = WebSocketProtocol.STATE_OPEN
        self.protocol.send_queue = collections.deque()
        self.protocol._perMessageCompress = None
        self.protocol.trafficStats = TrafficStats()
        self.protocol.trackedTimings = None
        # What daphne's Server keeps per connection (``Server.connections``).
        self.server = types.SimpleNamespace(connections={self.protocol: {"connected": time.time()}})
        self.socket = wire.DaphneSocket(self.server, self.protocol)
        self.received = b""

    def read_frames(self, count: int, timeout: float = 10) -> list[str]:
        """The next ``count`` text frames; Twisted writes what it kept as the reactor would."""
        self.client.settimeout(0.05)
        deadline = time.monotonic() + timeout
        frames: list[str] = []
        while len(frames) < count and time.monotonic() < deadline:
            if self.transport._tempDataBuffer or self.transport.offset < len(
                self.transport.dataBuffer
            ):
                self.transport.doWrite()
            with contextlib.suppress(TimeoutError):  # nothing yet: write, then look again
                self.received += self.client.recv(1 << 20)
            while (frame := self._next_frame()) is not None:
                frames.append(frame)
        return frames

    def _next_frame(self) -> str | None:
        data = self.received
        if len(data) < 2:
            return None
        assert data[0] == 0x81, data[:2]  # a final text frame
        length, start = data[1] & 0x7F, 2
        assert not data[1] & 0x80  # a server's frames are not masked
        if length == 126:
            if len(data) < 4:
                return None
            length, start = struct.unpack("!H", data[2:4])[0], 4
        elif length == 127:
            if len(data) < 10:
                return None
            length, start = struct.unpack("!Q", data[2:10])[0], 10
        if len(data) < start + length:
            return None
        self.received = data[start + length :]
        return data[start : start + length].decode()

    def close(self) -> None:
        self.client.close()
        self.transport.socket.close()


@pytest.fixture
def connections() -> Iterator[list[Connection]]:
    made: list[Connection] = []
    yield made
    for connection in made:
        connection.close()


def test_frames_arrive_in_order_when_the_kernel_takes_them_and_when_twisted_keeps_the_rest(
    connections,
):
    connection = Connection()
    connections.append(connection)
    big = "x" * 60_000
    texts = ["first", *(f'{{"n":{n},"pad":"{big}"}}' for n in range(20)), "last"]
    for text in texts:
        connection.socket.write(wire.prepare(text))
    # The client has read nothing yet: the kernel's buffers are full and Twisted holds the rest.
    assert connection.transport._tempDataBuffer or connection.transport.dataBuffer

    assert connection.read_frames(len(texts)) == texts


def test_a_closed_socket_raises_and_one_daphne_saw_close_is_refused(connections):
    gone, closed = Connection(), Connection()
    connections += [gone, closed]
    gone.client.close()
    with pytest.raises(OSError):  # the peer reset the connection: the write fails
        for _ in range(50):
            gone.socket.write(wire.prepare("hello"))
            time.sleep(0.01)
    closed.server.connections[closed.protocol]["disconnected"] = time.time()
    with pytest.raises(wire.SocketClosed):
        closed.socket.write(wire.prepare("hello"))


class Member:
    """The part of a live consumer the room's subscriber uses, with a daphne connection."""

    def __init__(self, connection: Connection, *, held: bool = False) -> None:
        self.user = types.SimpleNamespace(pk=None)
        self.moderator = False
        self.held: list[str] | None = [] if held else None
        self.wire = connection.socket

    async def write(self, text: str) -> None:
        assert self.held is not None, "a member with a connection is written through it"
        self.held.append(text)


async def test_the_room_writes_every_frame_through_the_connections_in_order_and_drops_a_closed_one(
    connections, settings
):
    settings.LIVE_COALESCE_MS = 0
    first, closed, welcoming, last = (Connection() for _ in range(4))
    connections += [first, closed, welcoming, last]
    closed.server.connections[closed.protocol]["disconnected"] = time.time()
    room = fanout.RoomFanout(room_id=1)
    members = [Member(first), Member(closed), Member(welcoming, held=True), Member(last)]
    for member in members:
        room.add(member)
    texts = [f'{{"type":"chat.message","id":{n}}}' for n in (1, 2, 3)]

    for n, text in enumerate(texts, start=1):
        room.pending.append((n, LiveEvent.Audience.ALL, None, text))
        await room.flush()

    assert first.read_frames(3) == last.read_frames(3) == texts
    assert members[2].held == texts  # still sending its welcome: the frames wait, in order
    assert list(room.members) == [members[0], members[2], members[3]]


# --- On a real daphne process ---------------------------------------------------------------


@pytest.fixture(scope="module")
def daphne_process(django_db_setup, tmp_path_factory):
    server, url = start_daphne(
        tmp_path_factory.mktemp("wire"),
        PLENARIA_LIVE_SYNC_INTERVAL="0",
        PLENARIA_LIVE_COALESCE_MS="0",
    )
    yield server, url
    server.stop()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_on_daphne_the_room_writes_straight_to_its_connections_every_item_once_in_order(
    daphne_process,
):
    server, url = daphne_process
    forum = ForumFactory()
    session = SessionFactory(forum=forum, is_public=True)
    writer = RegistrationFactory(forum=forum, user=UserFactory()).user
    texts = [f"line {n}" for n in range(10)]
    room = live_services.live_room_for(session=session)

    def write() -> None:
        for text in texts:
            live_services.chat_send(room=room, by=writer, text=text)

    async def scenario() -> list[list[str]]:
        address = f"ws://{url.split('://', 1)[1]}/ws/live/{session.pk}/"
        sockets = [await connect(address, origin=url, open_timeout=60) for _ in range(30)]
        await sync_to_async(write)()
        received = []
        for ws in sockets:
            got: list[str] = []
            while len(got) < len(texts):
                frame = json.loads(await asyncio.wait_for(ws.recv(), 20))
                if frame["type"] == "chat.message":
                    got.append(frame["text"])
            received.append(got)
        for ws in sockets:
            await ws.close()
        return received

    assert asyncio.run(scenario()) == [texts] * 30
    told = [line for line in server.output().splitlines() if f"room {room.pk} writes" in line]
    assert told == [f"live: room {room.pk} writes its frames straight to daphne's connections"]
    # Every disconnect written before the test database goes away.
    deadline = time.monotonic() + 15
    while LivePresence.objects.filter(room=room).exists():
        assert time.monotonic() < deadline, "the server did not handle the disconnects"
        time.sleep(0.05)
