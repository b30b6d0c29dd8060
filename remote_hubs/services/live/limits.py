"""The per-person rate limit of inbound live-room messages: every message, and writes.

Counts are kept per fixed window in the shared cache (Redis); while it is away each process keeps
limiting on its own counts.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from remote_hubs.services.live.base import LiveError


def rate_limits() -> dict[str, tuple[int, int]]:
    """(messages, seconds) per person: every message, and writes."""
    return getattr(settings, "LIVE_RATE_LIMITS", {"any": (40, 10), "write": (10, 10)})


_local_counts: dict[str, tuple[int, int]] = {}


def _local_count(key: str, window: int) -> int:
    if len(_local_counts) > 10_000:
        _local_counts.clear()
    _window, count = _local_counts.get(key, (window, 0))
    _local_counts[key] = (window, count + 1)
    return count + 1


async def rate_limit(*, user, channel_name: str, write: bool) -> None:
    """Count one message of ``user`` (or of the anonymous connection ``channel_name``); raise
    ``rate_limited`` when it is over a limit."""
    who = f"u{user.pk}" if user.is_authenticated else f"c{channel_name}"
    buckets = ["any", "write"] if write else ["any"]
    for bucket in buckets:
        limit, seconds = rate_limits()[bucket]
        window = int(timezone.now().timestamp() // seconds)
        key = f"live:rl:{bucket}:{who}:{window}"
        try:
            await cache.aadd(key, 0, timeout=seconds + 1)
            try:
                count = await cache.aincr(key)
            except ValueError:  # expired between add and incr
                await cache.aset(key, 1, timeout=seconds + 1)
                count = 1
        except Exception:
            # The shared cache (Redis) is away: keep limiting, per process, until it is back.
            count = _local_count(key, window)
        if count > limit:
            raise LiveError("rate_limited", "Too many messages; wait a few seconds.")
