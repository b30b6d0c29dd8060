"""The live rooms' shared read cache, per server process: each room's last id and the items of its
log (``LiveEvent``), read by one query per room at a time however many sockets wait, and kept so
that gaps and catch-ups of a room's subscriber (``remote_hubs.fanout``) cost no query per socket."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from channels.db import database_sync_to_async

from remote_hubs.models import LiveRoom
from remote_hubs.services.live.events import log_frames

#: Items kept per room in the process's cache of the log, and the largest read from the log.
LOG_CACHE_ITEMS = 2000
LOG_READ = 500


class SharedRead:
    """A value per key that this process reads by one query at a time however many callers wait,
    and reuses for ``max_age`` seconds (from the start of its read). A failed read reaches every
    caller waiting for it; the next call reads again."""

    def __init__(self, read, *, max_age: float) -> None:
        self.read = read  # an async function of the key
        self.max_age = max_age
        self.values: dict[Any, tuple[float, Any]] = {}
        self.reads: dict[Any, asyncio.Future] = {}

    async def get(self, key, *, fresh: bool = False):
        """The key's value (``fresh``: read now, or share a read under way)."""
        cached = self.values.get(key)
        if not fresh and cached is not None and time.monotonic() - cached[0] < self.max_age:
            return cached[1]
        read = self.reads.get(key)
        if read is None or read.done() or read.get_loop() is not asyncio.get_running_loop():
            read = self.reads[key] = asyncio.ensure_future(self._read(key))
        # Shielded: a caller that goes away mid-read does not cancel the others' read.
        return await asyncio.shield(read)

    async def _read(self, key):
        began = time.monotonic()
        value = await self.read(key)
        self.values[key] = (began, value)
        return value

    def clear(self) -> None:
        self.values.clear()
        self.reads.clear()


async def _read_last_seq(room_id: int) -> int:
    return await database_sync_to_async(
        lambda: LiveRoom.objects.filter(pk=room_id).values_list("last_seq", flat=True).get()
    )()


#: Each room's last id, read at most once a second per process.
last_seqs = SharedRead(_read_last_seq, max_age=1.0)


async def last_seq_of(room_id: int, *, fresh: bool = False) -> int:
    """The room's last id, read at most once a second per process (``fresh``: read now, or
    share a read under way)."""
    return await last_seqs.get(room_id, fresh=fresh)


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
    process's cache. What is missing is read from the log by one read per room at a time."""
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
        await asyncio.shield(read)


async def _read_log(room_id: int, after: int, upto: int) -> None:
    upto = min(upto, after + LOG_READ)
    rows = await database_sync_to_async(log_frames)(room_id=room_id, after=after, upto=upto)
    found = {seq: (audience, user_id, frame) for seq, audience, user_id, frame in rows}
    for seq in range(after + 1, upto + 1):
        remember_item(room_id, seq, found.get(seq))
