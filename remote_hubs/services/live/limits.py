"""The rate limit of inbound live-room messages: every message, and writes.

Counted per person, however many sockets the person opens, and per address for people who are not
signed in (their sockets share one budget, ``resume`` included, so that many anonymous sockets
cannot force full-history replays). Fixed windows; each count is one atomic step:

* services mode (``REDIS_URL``): ``INCR`` and ``EXPIRE`` in one Lua script on the project's Redis,
  shared by every server process;
* embedded mode, or while Redis is away: a counter in this process (one event loop per process, and
  the increment does not yield, so it is atomic there too).
"""

from __future__ import annotations

import asyncio
import logging
import time

from django.conf import settings

from remote_hubs.services.live.base import LiveError

logger = logging.getLogger(__name__)

#: Increments the window's counter and sets its expiry on the first increment, atomically.
_INCR_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""

DEFAULT_LIMITS = {"any": (40, 10), "write": (10, 10)}


def rate_limits() -> dict[str, tuple[int, int]]:
    """(messages, seconds) per person or address: every message, and writes."""
    return {**DEFAULT_LIMITS, **getattr(settings, "LIVE_RATE_LIMITS", {})}


def rate_key(*, user, address: str) -> str:
    """Whose budget a message counts against: the person, or the address of a visitor."""
    return f"u{user.pk}" if user.is_authenticated else f"a{address or 'unknown'}"


_local_counts: dict[str, int] = {}
_local_window: dict[str, int] = {}


def _local_incr(key: str, window: int) -> int:
    if len(_local_counts) > 20_000:
        _local_counts.clear()
        _local_window.clear()
    if _local_window.get(key) != window:
        _local_window[key] = window
        _local_counts[key] = 0
    _local_counts[key] += 1
    return _local_counts[key]


#: One Redis client per event loop (a client's connections belong to the loop that made them).
_clients: dict[int, tuple[asyncio.AbstractEventLoop, object, object]] = {}
#: After Redis failed, count locally until this monotonic time, then try Redis again.
_redis_away_until = 0.0


def _script_for_loop():
    import redis.asyncio as aioredis

    loop = asyncio.get_running_loop()
    entry = _clients.get(id(loop))
    if entry is None or entry[0] is not loop:
        if len(_clients) > 50:
            _clients.clear()
        client = aioredis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        entry = (loop, client, client.register_script(_INCR_SCRIPT))
        _clients[id(loop)] = entry
    return entry[2]


async def _shared_incr(key: str, seconds: int) -> int | None:
    """The new count in Redis, or ``None`` when Redis is not used or is away."""
    global _redis_away_until
    if not settings.REDIS_URL or time.monotonic() < _redis_away_until:
        return None
    try:
        script = _script_for_loop()
        return int(await script(keys=[key], args=[seconds + 1]))
    except Exception as error:
        logger.warning("live: rate limit counts locally, Redis unavailable (%r)", error)
        _redis_away_until = time.monotonic() + 5
        return None


async def rate_limit(*, user, address: str, write: bool) -> None:
    """Count one message of ``user`` (or of a visitor at ``address``); raise ``rate_limited`` when
    it is over a limit."""
    who = rate_key(user=user, address=address)
    limits = rate_limits()
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "plenaria")
    for bucket in ("any", "write") if write else ("any",):
        limit, seconds = limits[bucket]
        window = int(time.time() // seconds)
        key = f"{prefix}:live:rl:{bucket}:{who}:{window}"
        count = await _shared_incr(key, seconds)
        if count is None:
            count = _local_incr(key, window)
        if count > limit:
            raise LiveError("rate_limited", "Too many messages; wait a few seconds.")
