"""A socket that closes while a frame is on its way must not cost the rest of the room the frame:
the room's subscriber writes to its sockets one after another, and one failed write used to end
the loop for every socket after it (seen in the multi-process bench as thousands of lost items)."""

from __future__ import annotations

import types

from remote_hubs import fanout
from remote_hubs.models import LiveEvent


class Socket:
    """The part of a live consumer the room's subscriber uses: who it is, and its write (through
    ASGI: no daphne connection of its own, see test_fanout_wire.py for that path)."""

    def __init__(self, *, closed: bool = False) -> None:
        self.user = types.SimpleNamespace(pk=None)
        self.moderator = False
        self.held = None
        self.wire = None
        self.closed = closed
        self.frames: list[str] = []

    async def write(self, text: str) -> None:
        if self.closed:
            raise OSError("the connection is closed")
        self.frames.append(text)


async def test_a_closed_socket_leaves_the_room_and_the_others_still_get_the_frame(settings):
    settings.LIVE_COALESCE_MS = 0
    room = fanout.RoomFanout(room_id=1)
    first, closed, last = Socket(), Socket(closed=True), Socket()
    for socket in (first, closed, last):
        room.add(socket)
    room.pending.append((1, LiveEvent.Audience.ALL, None, '{"type":"chat.message","id":1}'))

    await room.flush()

    assert first.frames == last.frames == ['{"type":"chat.message","id":1}']
    assert closed not in room.members
    assert list(room.members) == [first, last]


async def test_an_aggregate_reaches_the_sockets_after_a_closed_one():
    room = fanout.RoomFanout(room_id=1)
    closed, other = Socket(closed=True), Socket()
    room.add(closed)
    room.add(other)

    await room.on_aggregate(
        {"frame": {"type": "poll.results", "poll": 1}, "moderators_only": False}
    )

    assert len(other.frames) == 1 and '"poll.results"' in other.frames[0]
    assert closed not in room.members
