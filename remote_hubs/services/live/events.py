"""The room's ordered item log and the doorbell rung after commit.

An item is appended inside the writer's transaction while the room's row is locked, so ids commit in
the order they were given. Once the transaction commits, a small message carrying the item is sent
to the room's group. The channel layer may drop it; clients and consumers repair gaps from the log.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from remote_hubs.groups import room_group
from remote_hubs.models import LiveEvent, LiveRoom

logger = logging.getLogger(__name__)

#: Seconds a doorbell may take before the writer gives up on it.
RING_TIMEOUT = 2.0

#: Types of the items a room broadcasts (each with an increasing ``id``).
ITEM_TYPES = frozenset(
    {
        "chat.message",
        "chat.deleted",
        "user.muted",
        "user.unmuted",
        "question.new",
        "question.published",
        "question.rejected",
        "question.answered",
        "question.highlighted",
        "floor.requested",
        "floor.updated",
        "poll.created",
        "poll.opened",
        "poll.closed",
        "caption.segment",
    }
)


def item_of(event: LiveEvent) -> dict[str, Any]:
    """The JSON object a client receives for ``event``."""
    return {**event.payload, "type": event.type, "id": event.seq}


def frame_text(frame: dict[str, Any]) -> str:
    """The text of the WebSocket frame that carries ``frame`` (compact JSON)."""
    return json.dumps(frame, separators=(",", ":"))


def event_append(
    *,
    room: LiveRoom,
    type: str,
    payload: dict[str, Any],
    audience: str = LiveEvent.Audience.ALL,
    user_id: int | None = None,
    now: dt.datetime | None = None,
) -> LiveEvent:
    """Store the next item of ``room``. Must run inside the writer's transaction."""
    if type not in ITEM_TYPES:
        raise ValueError(f"unknown item type {type!r}")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("event_append must run inside a transaction")
    # The UPDATE locks the room's row until commit: ids are handed out and committed in order.
    LiveRoom.objects.filter(pk=room.pk).update(last_seq=F("last_seq") + 1)
    seq = LiveRoom.objects.filter(pk=room.pk).values_list("last_seq", flat=True).get()
    room.last_seq = seq
    event = LiveEvent.objects.create(
        room=room,
        seq=seq,
        type=type,
        payload=payload,
        audience=audience,
        user_id=user_id,
        created_at=now or timezone.now(),
    )
    # The doorbell carries the item as the ready-made text of its frame: it is serialised once
    # here, not once per connected consumer, and consumers forward it without touching the log.
    message = {
        "type": "live.item",
        "id": event.seq,
        "frame": frame_text(item_of(event)),
        "audience": event.audience,
        "user_id": event.user_id,
    }
    transaction.on_commit(lambda: ring(room_id=room.pk, message=message))
    return event


def ring(*, room_id: int, message: dict[str, Any]) -> None:
    """Send ``message`` to the room's group. A failure loses nothing: the item is stored."""
    layer = get_channel_layer()
    if layer is None:
        return

    def send() -> None:
        # Never hold a writer up for long when Redis is away: the item is stored already.
        async_to_sync(_send_with_timeout)(layer, room_group(room_id), message)

    try:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            send()
        else:
            # Called from a thread that runs an event loop itself (a sync caller inside async
            # code): async_to_sync cannot run here, so ring from a helper thread.
            with ThreadPoolExecutor(max_workers=1) as pool:
                pool.submit(send).result(timeout=RING_TIMEOUT + 1)
    except Exception:
        logger.warning("live: doorbell for room %s failed; clients will catch up", room_id)


async def _send_with_timeout(layer, group: str, message: dict[str, Any]) -> None:
    await asyncio.wait_for(layer.group_send(group, message), RING_TIMEOUT)


def visible_events(*, room_id: int, user_id: int | None, moderator: bool):
    """The room's events this person may receive."""
    qs = LiveEvent.objects.filter(room_id=room_id)
    if moderator:
        return qs
    condition = Q(audience=LiveEvent.Audience.ALL)
    if user_id is not None:
        condition |= Q(user_id=user_id)
    return qs.filter(condition)


def events_after(
    *,
    room_id: int,
    after: int,
    upto: int | None,
    user_id: int | None,
    moderator: bool,
    limit: int = 500,
) -> list[dict[str, Any]]:
    qs = visible_events(room_id=room_id, user_id=user_id, moderator=moderator).filter(seq__gt=after)
    if upto is not None:
        qs = qs.filter(seq__lte=upto)
    return [item_of(e) for e in qs.order_by("seq")[:limit]]


def log_frames(*, room_id: int, after: int, upto: int) -> list[tuple[int, str, int | None, str]]:
    """Every item of the room after ``after`` up to ``upto``, whoever may see it, as
    ``(id, audience, user_id, frame text)``: read once by a server process for all its consumers,
    each of which applies ``may_see`` (the same rule as ``visible_events``)."""
    rows = (
        LiveEvent.objects.filter(room_id=room_id, seq__gt=after, seq__lte=upto)
        .order_by("seq")
        .values_list("seq", "type", "payload", "audience", "user_id")
    )
    return [
        (seq, audience, user_id, frame_text({**payload, "type": type_, "id": seq}))
        for seq, type_, payload, audience, user_id in rows
    ]


def may_see(*, audience: str, item_user_id: int | None, user_id: int | None, moderator: bool):
    return (
        moderator
        or audience == LiveEvent.Audience.ALL
        or (user_id is not None and item_user_id == user_id)
    )
