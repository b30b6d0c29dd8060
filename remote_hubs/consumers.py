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
import os
import random
import uuid
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from forum.client_address import client_address
from remote_hubs import aggregates as aggregates_module
from remote_hubs import fanout, presence_writer, wire
from remote_hubs.fanout_log import SharedRead
from remote_hubs.handlers import HANDLERS
from remote_hubs.handlers.base import check_schema
from remote_hubs.selectors import live_access_for, votes_of
from remote_hubs.services.live import presence
from remote_hubs.services.live.base import LiveError, hub_ref, may_moderate
from remote_hubs.services.live.events import events_after, frame_text
from remote_hubs.services.live.limits import rate_limit
from remote_hubs.services.live.signin import still_signed_in

logger = logging.getLogger(__name__)

#: The largest inbound frame, in characters. Larger frames are refused, the socket stays open.
MAX_FRAME = 4096
#: Close code for a refused handshake (no such room or not allowed to watch).
CLOSE_FORBIDDEN = 4403
#: Close code when the person logged out or changed their password since the socket opened.
CLOSE_SIGNED_OUT = 4401


#: The session and the moderator flag are re-checked every this many sync intervals.
PRESENCE_EVERY = 6


def check_interval() -> float:
    interval = fanout.sync_interval()
    return interval * PRESENCE_EVERY if interval > 0 else 30.0


async def _anonymous_access_of(session_id: int):
    return await database_sync_to_async(live_access_for)(
        session_id=session_id, viewer=AnonymousUser()
    )


#: An anonymous viewer's access to a room (the same for every anonymous viewer), read once per
#: session and process per second: at the start of a main session thousands connect within
#: seconds, and each handshake would otherwise wait for its own queries on the one thread
#: Django's ORM runs on. Handshakes arriving while it is read wait for that one read.
anonymous_accesses = SharedRead(_anonymous_access_of, max_age=1.0)


async def anonymous_access(session_id: int):
    """``live_access_for`` an anonymous viewer, shared as :data:`anonymous_accesses` says."""
    return await anonymous_accesses.get(session_id)


class LiveRoomConsumer(AsyncWebsocketConsumer):
    aggregates = aggregates_module.aggregates
    #: No channel of its own on the channel layer (an alias that names no layer): the room's
    #: subscriber in this process hears the doorbells for every socket of the room.
    channel_layer_alias = "live-sockets-have-no-channel"

    async def connect(self) -> None:
        # A name of its own for the presence row, unique across processes.
        self.channel_name = f"live.{os.getpid()}.{uuid.uuid4().hex}"
        await self._connect()

    async def _connect(self) -> None:
        self.user = self.scope["user"]
        self.address = client_address(self.scope)
        self.hub = None
        self.tick_task: asyncio.Task | None = None
        self.room_fanout: fanout.RoomFanout | None = None
        #: Frames for this socket wait here, in order, while it sends its welcome or a replay.
        self.held: list[str] | None = None
        #: The daphne connection the room's frames are written to without ASGI (None elsewhere).
        self.wire: wire.DaphneSocket | None = None
        session_id = self.scope["url_route"]["kwargs"]["session_id"]
        if self.user.is_authenticated:
            access = await database_sync_to_async(live_access_for)(
                session_id=session_id, viewer=self.user
            )
        else:
            access = await anonymous_access(session_id)
        if access is None:
            # Closing before accepting refuses the handshake (HTTP 403): nothing leaks.
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.session, self.room = access.session, access.room
        self.moderator, self.participant = access.moderator, access.participant
        if self.user.is_authenticated:
            self.hub = await database_sync_to_async(self._default_hub)()
        # The process's subscriber of the room (started by its first socket) hears the doorbells
        # and writes each frame to every local socket: no group membership per socket.
        self.room_fanout = await fanout.room_fanout(self.room.pk)
        await self.accept()
        if getattr(settings, "LIVE_DIRECT_WRITES", True):
            self.wire = wire.socket_of(self.base_send)
        self.held = []
        self.room_fanout.add(self)
        presence_writer.presence_batch.join(
            room=self.room,
            channel_name=self.channel_name,
            user_id=self.user.pk,
            hub_id=self.hub.pk if self.hub else None,
        )
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
        try:
            await self.send_snapshot()
        finally:
            await self._release()
        self.tick_task = asyncio.ensure_future(self._tick())

    # Channels closes stale database connections around every message it dispatches, each time
    # on the ORM's thread: two thread hops per handshake before any work of the room. This
    # consumer never touches the database on the event loop (Django refuses it there); all its
    # queries go through database_sync_to_async, which closes stale connections around each
    # call. So it dispatches as channels does, without those hops (a fifth of daphne's CPU in a
    # storm of handshakes, measured connecting and closing 1,000 sockets).

    async def dispatch(self, message) -> None:
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def websocket_disconnect(self, message) -> None:
        # No groups to leave (the socket has no channel): the room's subscriber forgets it.
        await self.disconnect(message["code"])
        raise StopConsumer()

    @property
    def last_seq(self) -> int:
        """The last id this socket has reached: the room's, in this process."""
        return self.room_fanout.last_seq if self.room_fanout else 0

    async def disconnect(self, code: int) -> None:
        if self.tick_task is not None:
            self.tick_task.cancel()
        if self.room_fanout is None:
            return
        self.room_fanout.discard(self)
        presence_writer.presence_batch.leave(room=self.room, channel_name=self.channel_name)

    async def write(self, text: str) -> None:
        """Send a frame of the room (called by the room's subscriber)."""
        if self.held is not None:
            self.held.append(text)
        else:
            await self.base_send({"type": "websocket.send", "text": text})

    async def _release(self) -> None:
        held, self.held = self.held or [], None
        for text in held:
            await self.send(text_data=text)

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

    # --- Outbound: replay, aggregates, the session check ---------------------------------------

    async def replay(self, *, after: int) -> None:
        """Send every item after ``after`` up to what this connection has reached, in order;
        the room's frames arriving meanwhile wait and follow."""
        # Inbound messages are handled one at a time: no other replay is under way.
        self.held = []
        try:
            await self._replay(after=after)
        finally:
            await self._release()

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

    async def send_snapshot(self) -> None:
        texts = await self.room_fanout.snapshot_texts(self.session.pk)
        for text, moderators_only in texts:
            if not moderators_only or self.moderator:
                await self.send(text_data=text)
        if self.user.is_authenticated:
            mine = await database_sync_to_async(votes_of)(room_id=self.room.pk, user=self.user)
            await self.send_json({"type": "mine", **mine})

    async def _tick(self) -> None:
        """Every few ticks: check that the person is still signed in and refresh the moderator
        flag. Catching up with the room is the room's subscriber's job (one per process)."""
        while True:
            await asyncio.sleep(check_interval() * random.uniform(0.8, 1.2))  # noqa: S311
            try:
                if not await still_signed_in(scope=self.scope, user=self.user):
                    await self.signed_out()
                    return
                if self.user.is_authenticated:
                    self.moderator = await database_sync_to_async(self._refresh)()
                    self.room_fanout.set_moderator(self, self.moderator)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("live: check of %s failed", self.channel_name, exc_info=True)

    # --- Presence and hubs ----------------------------------------------------------------------

    async def set_hub(self, hub) -> None:
        self.hub = hub
        presence_writer.presence_batch.set_hub(
            room=self.room, channel_name=self.channel_name, hub_id=hub.pk if hub else None
        )
        await self.send_json({"type": "hub.selected", "hub": self._hub_info()})

    def _default_hub(self):
        return presence.hub_for_user(user=self.user, forum=self.session.forum, hub_id=None)

    def _refresh(self) -> bool:
        return may_moderate(user=self.user, session=self.session)

    def _me(self) -> dict[str, Any] | None:
        if not self.user.is_authenticated:
            return None
        return {"id": self.user.pk, "name": self.user.name}

    def _hub_info(self) -> dict[str, Any] | None:
        return hub_ref(self.hub) if self.hub else None
