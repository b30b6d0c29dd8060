"""The one WebSocket consumer of a live room: ``/ws/live/<session_id>/``.

It authorises the connection, replays what a client missed, forwards the room's items and batched
aggregates, and dispatches every inbound message to a small handler module after checking its size,
schema and the sender's rate limit. Permission is checked again by the service each message calls;
presence and the rate limit are services too (remote_hubs/services/live/).
The whole protocol is in docs/live-protocol.md.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from forum.client_address import client_address
from remote_hubs import aggregates as aggregates_module
from remote_hubs.groups import room_group
from remote_hubs.handlers import HANDLERS
from remote_hubs.handlers.base import check_schema
from remote_hubs.models import LiveRoom
from remote_hubs.selectors import live_access_for, votes_of
from remote_hubs.services.live import presence
from remote_hubs.services.live.base import LiveError, hub_ref, may_moderate
from remote_hubs.services.live.events import events_after, frame_text, log_frames, may_see
from remote_hubs.services.live.limits import rate_limit
from remote_hubs.services.live.signin import still_signed_in

logger = logging.getLogger(__name__)

#: The largest inbound frame, in characters. Larger frames are refused, the socket stays open.
MAX_FRAME = 4096
#: Close code for a refused handshake (no such room or not allowed to watch).
CLOSE_FORBIDDEN = 4403
#: Close code when the person logged out or changed their password since the socket opened.
CLOSE_SIGNED_OUT = 4401


#: Presence and the moderator flag are refreshed every this many ticks.
PRESENCE_EVERY = 6
#: Items kept per room in the process's cache of the log, and the largest read from the log.
LOG_CACHE_ITEMS = 2000
LOG_READ = 500

_last_seq_cache: dict[int, tuple[float, int]] = {}
_last_seq_reads: dict[int, asyncio.Future] = {}


async def last_seq_of(room_id: int) -> int:
    """The room's last id, read at most once a second per process however many clients tick:
    clients that tick while a read is under way wait for that read instead of starting their own."""
    cached = _last_seq_cache.get(room_id)
    if cached is not None and time.monotonic() - cached[0] < 1.0:
        return cached[1]
    read = _last_seq_reads.get(room_id)
    if read is None or read.done() or read.get_loop() is not asyncio.get_running_loop():
        read = asyncio.ensure_future(_read_last_seq(room_id))
        _last_seq_reads[room_id] = read
    # Shielded: a consumer that disconnects mid-read does not cancel the others' read.
    return await asyncio.shield(read)


#: Per room, the items this process has read from the log or heard from doorbells:
#: id -> (audience, user_id, frame text), or None for an id the log does not hold.
_log_items: dict[int, dict[int, tuple[str, int | None, str] | None]] = {}
_log_reads: dict[int, asyncio.Future] = {}


def remember_item(room_id: int, seq: int, entry: tuple[str, int | None, str] | None) -> None:
    items = _log_items.get(room_id)
    if items is None:
        if len(_log_items) > 500:
            _log_items.clear()
        items = _log_items[room_id] = {}
    items[seq] = entry
    if len(items) > 2 * LOG_CACHE_ITEMS:
        for old in sorted(items)[:-LOG_CACHE_ITEMS]:
            del items[old]


async def logged_items(room_id: int, *, after: int, upto: int):
    """Items ``after < id <= upto`` of the room (every audience; committed ids only), from the
    process's cache. What is missing is read from the log by one read per room at a time: a
    thousand consumers catching up on the same items cost one query, not a thousand, and the
    frames are serialised once."""
    loop = asyncio.get_running_loop()
    while True:
        items = _log_items.get(room_id, {})
        missing = [seq for seq in range(after + 1, upto + 1) if seq not in items]
        if not missing:
            return [(seq, *items[seq]) for seq in range(after + 1, upto + 1) if items[seq]]
        read = _log_reads.get(room_id)
        if read is None or read.done() or read.get_loop() is not loop:
            read = asyncio.ensure_future(_read_log(room_id, missing[0] - 1, missing[-1]))
            _log_reads[room_id] = read
        # Shielded: a consumer that disconnects mid-read does not cancel the others' read.
        await asyncio.shield(read)


async def _read_log(room_id: int, after: int, upto: int) -> None:
    upto = min(upto, after + LOG_READ)
    rows = await database_sync_to_async(log_frames)(room_id=room_id, after=after, upto=upto)
    found = {seq: (audience, user_id, frame) for seq, audience, user_id, frame in rows}
    for seq in range(after + 1, upto + 1):
        remember_item(room_id, seq, found.get(seq))


async def _read_last_seq(room_id: int) -> int:
    began = time.monotonic()
    value = await database_sync_to_async(
        lambda: LiveRoom.objects.filter(pk=room_id).values_list("last_seq", flat=True).get()
    )()
    _last_seq_cache[room_id] = (began, value)
    return value


class LiveRoomConsumer(AsyncWebsocketConsumer):
    aggregates = aggregates_module.aggregates

    async def connect(self) -> None:
        self.user = self.scope["user"]
        self.address = client_address(self.scope)
        self.hub = None
        self.tick_task: asyncio.Task | None = None
        self.last_seq = 0
        self.joined = False
        # Items go out in id order, once: the tick's catch-up and the doorbells take turns.
        self.delivery = asyncio.Lock()
        session_id = self.scope["url_route"]["kwargs"]["session_id"]
        access = await database_sync_to_async(live_access_for)(
            session_id=session_id, viewer=self.user
        )
        if access is None:
            # Closing before accepting refuses the handshake (HTTP 403): nothing leaks.
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.session, self.room = access.session, access.room
        self.moderator, self.participant = access.moderator, access.participant
        self.group = room_group(self.room.pk)
        # Join the group before reading the last id, so that no item falls between the two.
        # If the channel layer is down the room still works from the database: the tick rejoins
        # the group and catches up from the log.
        try:
            await self.channel_layer.group_add(self.group, self.channel_name)
        except Exception as error:
            logger.warning("live: channel layer unavailable at connect (%r)", error)
        self.joined = True
        self.hub = await database_sync_to_async(self._default_hub)()
        self.last_seq = await database_sync_to_async(self._room_last_seq)()
        await self.accept()
        await database_sync_to_async(self._presence_join)()
        await self.send_json(
            {
                "type": "welcome",
                "last_id": self.last_seq,
                "session_id": self.session.pk,
                "user": self._me(),
                "moderator": self.moderator,
                "participant": self.participant,
                "hub": self._hub_info(),
            }
        )
        await self.send_snapshot()
        self.aggregates.mark(self.room, "presence")
        self.tick_task = asyncio.ensure_future(self._tick())

    async def disconnect(self, code: int) -> None:
        if self.tick_task is not None:
            self.tick_task.cancel()
        if not self.joined:
            return
        try:
            await self.channel_layer.group_discard(self.group, self.channel_name)
        except Exception:
            logger.info("live: group_discard failed for %s", self.channel_name)
        await database_sync_to_async(self._presence_leave)()
        self.aggregates.mark(self.room, "presence")

    # --- Inbound --------------------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        ref = None
        try:
            if text_data is None:
                raise LiveError("invalid", "Send JSON text frames.")
            if len(text_data) > MAX_FRAME:
                raise LiveError("too_large", f"Messages are at most {MAX_FRAME} characters.")
            try:
                message = json.loads(text_data)
            except ValueError:
                raise LiveError("bad_json", "The message is not JSON.") from None
            if not isinstance(message, dict) or not isinstance(message.get("type"), str):
                raise LiveError("invalid", "A message is a JSON object with a type.")
            ref = message.get("ref")
            if ref is not None and not (isinstance(ref, (str, int)) and len(str(ref)) <= 40):
                ref = None
                raise LiveError("invalid", "ref is a short string or number.")
            spec = HANDLERS.get(message["type"])
            if spec is None:
                raise LiveError("unknown_type", "Unknown message type.")
            check_schema(spec, message)
            await rate_limit(user=self.user, address=self.address, write=spec.write)
            if spec.write and not await still_signed_in(scope=self.scope, user=self.user):
                await self.signed_out(ref)
                return
            await spec.handler(self, message)
        except LiveError as error:
            await self.send_error(error.code, error.message, ref)
        except Exception:
            logger.exception("live: handler failed")
            await self.send_error("server_error", "Something went wrong; please try again.", ref)

    async def signed_out(self, ref: Any = None) -> None:
        """The person logged out or changed their password: refuse and close the socket."""
        await self.send_error(
            "signed_out", "You were signed out. Reload the page to take part again.", ref
        )
        await self.close(code=CLOSE_SIGNED_OUT)

    async def send_error(self, code: str, message: str, ref: Any = None) -> None:
        frame = {"type": "error", "code": code, "message": message}
        if ref is not None:
            frame["ref"] = ref
        await self.send_json(frame)

    async def send_json(self, content: dict[str, Any]) -> None:
        await self.send(text_data=frame_text(content))

    # --- Outbound: the room's items and aggregates ----------------------------------------------

    async def live_item(self, event: dict[str, Any]) -> None:
        async with self.delivery:
            await self._deliver(event)

    async def _deliver(self, event: dict[str, Any]) -> None:
        # The doorbell carries the frame's text, serialised once by the writer for every consumer.
        seq = event["id"]
        if seq <= self.last_seq:
            return  # replayed already
        remember_item(self.room.pk, seq, (event["audience"], event.get("user_id"), event["frame"]))
        if seq > self.last_seq + 1:
            # A doorbell was lost (the channel layer is at most once): fill the gap from the log.
            await self._send_missing(upto=seq - 1)
        if may_see(
            audience=event["audience"],
            item_user_id=event.get("user_id"),
            user_id=self.user.pk,
            moderator=self.moderator,
        ):
            await self.send(text_data=event["frame"])
        self.last_seq = max(self.last_seq, seq)

    async def live_aggregate(self, event: dict[str, Any]) -> None:
        if event["moderators_only"] and not self.moderator:
            return
        await self.send_json(event["frame"])

    async def replay(self, *, after: int) -> None:
        """Send every item after ``after`` up to what this connection has reached, in order."""
        async with self.delivery:
            await self._replay(after=after)

    async def _replay(self, *, after: int) -> None:
        upto = self.last_seq
        while after < upto:
            items = await database_sync_to_async(events_after)(
                room_id=self.room.pk,
                after=after,
                upto=upto,
                user_id=self.user.pk,
                moderator=self.moderator,
            )
            if not items:
                break
            for item in items:
                await self.send_json(item)
            after = items[-1]["id"]
        await self.send_json({"type": "resumed", "last_id": upto})
        await self.send_snapshot()

    async def _send_missing(self, *, upto: int) -> None:
        """Send the items after the last one sent up to ``upto`` (committed), from the log through
        the process's shared cache, filtered for this person as the log query would."""
        after = self.last_seq
        while after < upto:
            end = min(upto, after + LOG_READ)
            for _seq, audience, item_user_id, frame in await logged_items(
                self.room.pk, after=after, upto=end
            ):
                if may_see(
                    audience=audience,
                    item_user_id=item_user_id,
                    user_id=self.user.pk,
                    moderator=self.moderator,
                ):
                    await self.send(text_data=frame)
            after = end
        self.last_seq = max(self.last_seq, upto)

    async def send_snapshot(self) -> None:
        frames = await database_sync_to_async(aggregates_module.snapshot_frames)(
            self.room.pk, self.session.pk
        )
        for frame, moderators_only in frames:
            if not moderators_only or self.moderator:
                await self.send_json(frame)
        if self.user.is_authenticated:
            mine = await database_sync_to_async(votes_of)(room_id=self.room.pk, user=self.user)
            await self.send_json({"type": "mine", **mine})

    async def _tick(self) -> None:
        """Every few seconds: rejoin the group (the channel layer may have restarted) and catch
        up from the log if a doorbell was lost. Every few ticks: refresh presence and the
        moderator flag. The room's last id is read at most once a second per process."""
        interval = getattr(settings, "LIVE_SYNC_INTERVAL", 5.0)
        ticks = 0
        while True:
            await asyncio.sleep(interval * random.uniform(0.8, 1.2))  # noqa: S311 - jitter
            ticks += 1
            try:
                await self.channel_layer.group_add(self.group, self.channel_name)
            except Exception as error:
                logger.info("live: channel layer unavailable (%r) for %s", error, self.channel_name)
            try:
                if ticks % PRESENCE_EVERY == 0:
                    if not await still_signed_in(scope=self.scope, user=self.user):
                        await self.signed_out()
                        return
                    self.moderator = await database_sync_to_async(self._refresh)()
                latest = await last_seq_of(self.room.pk)
                async with self.delivery:
                    if latest > self.last_seq:
                        await self._send_missing(upto=latest)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("live: sync of %s failed", self.channel_name, exc_info=True)

    # --- Presence and hubs ----------------------------------------------------------------------

    async def set_hub(self, hub) -> None:
        self.hub = hub
        await database_sync_to_async(presence.presence_set_hub)(
            channel_name=self.channel_name, hub=hub
        )
        self.aggregates.mark(self.room, "presence")
        await self.send_json({"type": "hub.selected", "hub": self._hub_info()})

    def _default_hub(self):
        return presence.hub_for_user(user=self.user, forum=self.session.forum, hub_id=None)

    def _room_last_seq(self) -> int:
        return LiveRoom.objects.filter(pk=self.room.pk).values_list("last_seq", flat=True).get()

    def _refresh(self) -> bool:
        presence.presence_touch(channel_name=self.channel_name)
        if not self.user.is_authenticated:
            return False
        return may_moderate(user=self.user, session=self.session)

    def _presence_join(self) -> None:
        presence.presence_join(
            room=self.room, channel_name=self.channel_name, user=self.user, hub=self.hub
        )

    def _presence_leave(self) -> None:
        presence.presence_leave(channel_name=self.channel_name)

    def _me(self) -> dict[str, Any] | None:
        if not self.user.is_authenticated:
            return None
        return {"id": self.user.pk, "name": self.user.name}

    def _hub_info(self) -> dict[str, Any] | None:
        return hub_ref(self.hub) if self.hub else None
