"""Per server process, one subscriber per live room: it hears the room's doorbells and writes each
ready-made frame to the room's local sockets.

The consumers of a room do not each join the channel-layer group. The first consumer of a room in a
process creates the room's :class:`RoomFanout`, which joins the group once (one subscription per
process and room, however many sockets), keeps the room's last delivered id, repairs gaps from the
log and catches up every ``LIVE_SYNC_INTERVAL`` seconds (one query per process and room, not one
per consumer). Items arriving within ``LIVE_COALESCE_MS`` of each other go out in one ``batch``
frame per client. The audience rule (``may_see``) is applied by group of people: everyone,
moderators, and the author of an item meant for moderators and its author. Each distinct frame
text is encoded and framed once and written to every socket that should get it, straight to
daphne's connection where it can be (``remote_hubs.wire``).

Presence rows are written in batches too (``remote_hubs.presence_writer``): a connection costs no write
of its own at handshake. The whole protocol is in docs/live-protocol.md.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from remote_hubs import wire
from remote_hubs.fanout_log import LOG_READ, last_seq_of, logged_items, remember_item
from remote_hubs.groups import room_group
from remote_hubs.models import LiveEvent
from remote_hubs.services.live.events import frame_text
from remote_hubs.services.live.presence_batch import presence_touch_many

logger = logging.getLogger(__name__)

ALL = LiveEvent.Audience.ALL

#: Seconds a room with no local socket keeps its subscription (a reload comes straight back).
IDLE_GRACE = 10.0
#: Seconds between the writes that keep a room's presence rows fresh (stale after 90 s).
PRESENCE_TOUCH = 30.0


def sync_interval() -> float:
    """Seconds between a room's catch-up ticks; 0 or less disables the tick."""
    return float(getattr(settings, "LIVE_SYNC_INTERVAL", 5.0))


def coalesce_window() -> float:
    """Seconds during which a room's items are gathered into one frame; 0 sends each at once."""
    return max(0.0, float(getattr(settings, "LIVE_COALESCE_MS", 25))) / 1000


def batch_text(frames: list[str]) -> str:
    """One frame for several items, in id order, built from their ready-made texts."""
    if len(frames) == 1:
        return frames[0]
    return '{"type":"batch","items":[' + ",".join(frames) + "]}"


# --- The room's subscriber ------------------------------------------------------------------------


class RoomFanout:
    """The local sockets of one room in this process, and the one subscription that feeds them.

    A member is a consumer with ``user`` (``pk`` None when anonymous), ``moderator``, ``held``
    (a list while it replays or sends its welcome: frames wait there, in order), ``write(text)``
    and ``wire`` (its daphne connection, :class:`remote_hubs.wire.DaphneSocket`, or None).
    """

    def __init__(self, room_id: int) -> None:
        self.room_id = room_id
        self.group = room_group(room_id)
        self.loop = asyncio.get_running_loop()
        self.members: dict[Any, None] = {}  # insertion-ordered set
        self.moderators: dict[Any, None] = {}
        self.by_user: dict[int, dict[Any, None]] = {}
        #: The last id delivered to this room's sockets.
        self.last_seq = 0
        self.channel: str | None = None
        self.ready: asyncio.Future = self.loop.create_future()
        self.pending: list[tuple[int, str, int | None, str]] = []
        self.flush_task: asyncio.Task | None = None
        self.delivery = asyncio.Lock()
        self.tasks: list[asyncio.Task] = []
        self.idle_since: float | None = None
        #: The snapshot of aggregates, shared by consumers connecting close together.
        self.snapshot: tuple[float, list[tuple[str, bool]]] | None = None
        self.snapshot_read: asyncio.Future | None = None
        self.aggregate_generation = 0
        #: How this room's frames reach its sockets, as told once in the log.
        self.paths_told: set[str] = set()

    async def start(self) -> None:
        layer = get_channel_layer()
        try:
            self.channel = await layer.new_channel(prefix="live.room!")
            await layer.group_add(self.group, self.channel)
        except Exception as error:
            logger.warning("live: channel layer unavailable for room %s (%r)", self.room_id, error)
        # Joined before reading the last id, so that no item falls between the two.
        self.last_seq = await last_seq_of(self.room_id, fresh=True)
        self.tasks.append(asyncio.ensure_future(self._receive_loop(layer)))
        self.tasks.append(asyncio.ensure_future(self._tick(layer)))
        self.tasks.append(asyncio.ensure_future(self._touch()))
        self.ready.set_result(None)

    def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        if self.channel is not None:
            layer, channel = get_channel_layer(), self.channel

            async def leave() -> None:
                try:
                    await layer.group_discard(self.group, channel)
                except Exception:
                    logger.info("live: group_discard failed for room %s", self.room_id)

            asyncio.ensure_future(leave())

    # Members

    def add(self, consumer) -> None:
        self.members[consumer] = None
        if consumer.moderator:
            self.moderators[consumer] = None
        if consumer.user.pk is not None:
            self.by_user.setdefault(consumer.user.pk, {})[consumer] = None
        self.idle_since = None
        path = "straight to daphne's connections" if consumer.wire is not None else "through ASGI"
        if path not in self.paths_told:
            self.paths_told.add(path)
            logger.info("live: room %s writes its frames %s", self.room_id, path)

    def discard(self, consumer) -> None:
        self.members.pop(consumer, None)
        self.moderators.pop(consumer, None)
        if consumer.user.pk is not None:
            same = self.by_user.get(consumer.user.pk, {})
            same.pop(consumer, None)
            if not same:
                self.by_user.pop(consumer.user.pk, None)
        if not self.members:
            self.idle_since = time.monotonic()

    def set_moderator(self, consumer, moderator: bool) -> None:
        if moderator:
            self.moderators[consumer] = None
        else:
            self.moderators.pop(consumer, None)

    # Inbound from the channel layer

    async def _receive_loop(self, layer) -> None:
        while True:
            try:
                message = await layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                # Redis away: the tick re-joins the group and catches up from the log.
                logger.info("live: receive failed for room %s (%r)", self.room_id, error)
                await asyncio.sleep(1.0)
                continue
            try:
                if message.get("type") == "live.item":
                    await self.on_item(message)
                elif message.get("type") == "live.aggregate":
                    await self.on_aggregate(message)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("live: delivery in room %s failed", self.room_id, exc_info=True)

    async def on_item(self, event: dict[str, Any]) -> None:
        seq = event["id"]
        entry = (event["audience"], event.get("user_id"), event["frame"])
        remember_item(self.room_id, seq, entry)
        async with self.delivery:
            if seq <= self.last_seq:
                return  # delivered already (from the log)
            if seq > self.last_seq + 1:
                # A doorbell was lost (the channel layer is at most once): fill the gap first.
                await self._catch_up(upto=seq - 1)
            self._queue(seq, entry)
            if coalesce_window() <= 0:
                await self.flush()

    async def on_aggregate(self, event: dict[str, Any]) -> None:
        self.aggregate_generation += 1
        self.snapshot = None
        # Items gathered before this aggregate go out first (a tally never precedes its poll).
        await self.flush()
        text = frame_text(event["frame"])
        targets = self.moderators if event["moderators_only"] else self.members
        await self._write_all([(consumer, text) for consumer in list(targets)])

    async def _catch_up(self, *, upto: int) -> None:
        after = self.last_seq
        while after < upto:
            end = min(upto, after + LOG_READ)
            for seq, audience, user_id, frame in await logged_items(
                self.room_id, after=after, upto=end
            ):
                if seq > self.last_seq:
                    self._queue(seq, (audience, user_id, frame))
            after = end
            self.last_seq = max(self.last_seq, end)

    def _queue(self, seq: int, entry: tuple[str, int | None, str]) -> None:
        self.last_seq = seq
        self.pending.append((seq, *entry))
        window = coalesce_window()
        if window > 0 and (self.flush_task is None or self.flush_task.done()):
            self.flush_task = asyncio.ensure_future(self._flush_later(window))

    async def _flush_later(self, window: float) -> None:
        await asyncio.sleep(window)
        await self.flush()

    async def flush(self) -> None:
        await self._write_all(self._frames_to_send())

    async def _write_all(self, writes: list[tuple[Any, str]]) -> None:
        """Write each frame to its socket. A socket that closed between the doorbell and the send
        raises on its write: it leaves the room, and the sockets after it still get the frame.

        A socket of this daphne process (``consumer.wire``) gets the frame framed once for all and
        written straight to it (``remote_hubs.wire``); a socket still sending its welcome or a
        replay keeps it in ``held``; any other goes through the consumer's ASGI send."""
        prepared: dict[str, wire.PreparedFrame] = {}
        for consumer, text in writes:
            try:
                socket = consumer.wire
                if socket is not None and consumer.held is None:
                    frame = prepared.get(text)
                    if frame is None:
                        frame = prepared[text] = wire.prepare(text)
                    socket.write(frame)
                else:
                    await consumer.write(text)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                logger.info("live: dropping a closed socket from room %s (%r)", self.room_id, error)
                self.discard(consumer)

    def _frames_to_send(self) -> list[tuple[Any, str]]:
        """Who gets which text for the items gathered so far, each text encoded once.

        Everyone sees items for all; moderators see every item; the author of an item meant for
        moderators and its author sees it too (``may_see``)."""
        items, self.pending = self.pending, []
        if not items:
            return []
        public = [frame for _seq, audience, _user, frame in items if audience == ALL]
        if len(public) == len(items):
            text = batch_text(public)
            return [(consumer, text) for consumer in list(self.members)]
        every = [frame for *_rest, frame in items]
        authors = {user for _seq, audience, user, _frame in items if audience != ALL and user}
        writes: list[tuple[Any, str]] = []
        special: set[Any] = set(self.moderators)
        if every:
            everything = batch_text(every)
            writes += [(consumer, everything) for consumer in self.moderators]
        for user_id in authors:
            own = [
                frame for _seq, audience, user, frame in items if audience == ALL or user == user_id
            ]
            text = batch_text(own)
            for consumer in self.by_user.get(user_id, {}):
                if consumer not in special:
                    special.add(consumer)
                    writes.append((consumer, text))
        if public:
            text = batch_text(public)
            writes += [(c, text) for c in list(self.members) if c not in special]
        return writes

    # The catch-up tick: one per room and process

    async def _tick(self, layer) -> None:
        import random

        while True:
            interval = sync_interval()
            if interval <= 0:
                await asyncio.sleep(1.0)
                if self.idle_since is not None and time.monotonic() - self.idle_since > IDLE_GRACE:
                    forget_room(self)
                    return
                continue
            await asyncio.sleep(interval * random.uniform(0.8, 1.2))  # noqa: S311 - jitter
            if self.channel is None:
                try:
                    self.channel = await layer.new_channel(prefix="live.room!")
                except Exception:
                    logger.info("live: channel layer still away for room %s", self.room_id)
                    continue
            try:
                # The channel layer may have restarted: re-join (harmless when still joined).
                await layer.group_add(self.group, self.channel)
            except Exception as error:
                logger.info("live: channel layer unavailable (%r) for room %s", error, self.room_id)
            try:
                latest = await last_seq_of(self.room_id)
                if latest > self.last_seq:
                    async with self.delivery:
                        await self._catch_up(upto=latest)
                        if coalesce_window() <= 0:
                            await self.flush()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("live: sync of room %s failed", self.room_id, exc_info=True)
            if self.idle_since is not None and time.monotonic() - self.idle_since > IDLE_GRACE:
                forget_room(self)
                return

    async def _touch(self) -> None:
        """Every ``PRESENCE_TOUCH`` seconds, one write says this process's sockets are there."""
        while True:
            await asyncio.sleep(PRESENCE_TOUCH)
            names = [consumer.channel_name for consumer in self.members]
            if names:
                try:
                    await database_sync_to_async(presence_touch_many)(channel_names=names)
                except Exception:
                    logger.warning("live: presence touch failed", exc_info=True)

    # The aggregates' snapshot, shared by consumers connecting close together

    async def snapshot_texts(self, session_id: int) -> list[tuple[str, bool]]:
        from remote_hubs.aggregates import snapshot_frames

        max_age = float(getattr(settings, "LIVE_AGGREGATE_INTERVAL", 0.25))
        if self.snapshot is not None and time.monotonic() - self.snapshot[0] < max_age:
            return self.snapshot[1]
        if self.snapshot_read is None or self.snapshot_read.done():
            generation, began = self.aggregate_generation, time.monotonic()

            async def read() -> list[tuple[str, bool]]:
                frames = await database_sync_to_async(snapshot_frames)(self.room_id, session_id)
                texts = [(frame_text(frame), hidden) for frame, hidden in frames]
                if generation == self.aggregate_generation:  # no newer aggregate meanwhile
                    self.snapshot = (began, texts)
                return texts

            self.snapshot_read = asyncio.ensure_future(read())
        return await asyncio.shield(self.snapshot_read)


_rooms: dict[int, RoomFanout] = {}


async def room_fanout(room_id: int) -> RoomFanout:
    """This process's subscriber of the room, started on first use."""
    loop = asyncio.get_running_loop()
    room = _rooms.get(room_id)
    if room is None or room.loop is not loop:
        room = _rooms[room_id] = RoomFanout(room_id)
        try:
            await room.start()
        except BaseException:
            _rooms.pop(room_id, None)
            room.stop()
            raise
    else:
        await asyncio.shield(room.ready)
    return room


def forget_room(room: RoomFanout) -> None:
    if _rooms.get(room.room_id) is room:
        del _rooms[room.room_id]
    room.stop()
