"""Presence rows of this process's live connections, written in batches: a connection costs no
write of its own at handshake (``remote_hubs.fanout`` and the consumers call it)."""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings

from remote_hubs.services.live.presence_batch import presence_apply

logger = logging.getLogger(__name__)


class PresenceBatch:
    """Joins, hub changes and leaves of this process's connections, written together every
    ``LIVE_PRESENCE_BATCH`` seconds in one transaction; rooms whose presence changed are then
    marked dirty, so that one presence frame tells everyone."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.joins: dict[str, dict[str, Any]] = {}
        self.hubs: dict[str, int | None] = {}
        self.leaves: set[str] = set()
        self.rooms: dict[int, Any] = {}
        self.task: asyncio.Task | None = None
        self.flushing: asyncio.Future | None = None
        if not hasattr(self, "idle"):  # kept across a new event loop: a write may still run
            #: Set while no batch is being written (the write runs on the ORM's thread).
            self.idle = threading.Event()
            self.idle.set()

    def _here(self) -> None:
        loop = asyncio.get_running_loop()
        if self.loop is not loop:  # a new event loop (tests): start afresh
            self.__init__()
            self.loop = loop

    def join(self, *, room, channel_name: str, user_id: int | None, hub_id: int | None) -> None:
        self._here()
        self.joins[channel_name] = {"room_id": room.pk, "user_id": user_id, "hub_id": hub_id}
        self.rooms[room.pk] = room
        self._schedule()

    def set_hub(self, *, room, channel_name: str, hub_id: int | None) -> None:
        self._here()
        if channel_name in self.joins:
            self.joins[channel_name]["hub_id"] = hub_id
        else:
            self.hubs[channel_name] = hub_id
        self.rooms[room.pk] = room
        self._schedule()

    def leave(self, *, room, channel_name: str) -> None:
        self._here()
        if self.joins.pop(channel_name, None) is None:
            self.leaves.add(channel_name)
        self.hubs.pop(channel_name, None)
        self.rooms[room.pk] = room
        self._schedule()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait (from another thread) until no batch is being written; for the tests, whose
        database is emptied once they end."""
        return self.idle.wait(timeout)

    def _schedule(self) -> None:
        if self.task is None or self.task.done():
            self.task = asyncio.ensure_future(self._flush_later())

    async def _flush_later(self) -> None:
        while self.joins or self.hubs or self.leaves:
            await asyncio.sleep(float(getattr(settings, "LIVE_PRESENCE_BATCH", 0.25)))
            joins, hubs, leaves, rooms = self.joins, self.hubs, self.leaves, self.rooms
            self.joins, self.hubs, self.leaves, self.rooms = {}, {}, set(), {}
            self.idle.clear()
            try:
                await database_sync_to_async(presence_apply)(joins=joins, hubs=hubs, leaves=leaves)
            except Exception:
                logger.warning("live: presence batch failed", exc_info=True)
            finally:
                self.idle.set()
            from remote_hubs.aggregates import aggregates

            for room in rooms.values():
                aggregates.mark(room, "presence")


#: One per server process.
presence_batch = PresenceBatch()
