"""Aggregates that change often (poll tallies, upvote counts, presence) go out batched.

Handlers mark a room's aggregate dirty; one task per server process wakes up after
``LIVE_AGGREGATE_INTERVAL`` seconds, computes each dirty aggregate once from the database and sends
one frame to the room's group. However many votes arrive, a room gets a few frames a second.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from remote_hubs.groups import room_group
from remote_hubs.models import (
    PRESENCE_STALE,
    HubAttendance,
    LivePresence,
    Poll,
    Question,
    hub_label,
)

logger = logging.getLogger(__name__)

#: A flush that takes longer than this (Redis hanging) no longer blocks the next one.
STUCK_AFTER = 5.0
SEND_TIMEOUT = 2.0


def presence_frame(room_id: int, session_id: int) -> dict[str, Any]:
    since = timezone.now() - PRESENCE_STALE
    rows = list(
        LivePresence.objects.filter(room_id=room_id, seen_at__gte=since).values_list(
            "hub_id", "hub__city"
        )
    )
    hub_ids = {hub_id for hub_id, _ in rows if hub_id}
    people: dict[int, int] = {}
    for hub_id, count in (
        HubAttendance.objects.filter(session_id=session_id, hub_id__in=hub_ids)
        .order_by("hub_id", "-reported_at", "-pk")
        .values_list("hub_id", "people")
    ):
        people.setdefault(hub_id, count)
    hubs = sorted(
        (
            {
                "hub_id": hub_id,
                "hub": hub_label(city),
                "hub_city": city,
                "people": people.get(hub_id, 0),
            }
            for hub_id, city in {(h, c) for h, c in rows if h}
        ),
        key=lambda h: h["hub"],
    )
    return {
        "type": "presence",
        "connected": len(rows),
        "hubs": hubs,
        "hub_people": sum(h["people"] for h in hubs),
    }


def poll_frame(poll: Poll) -> tuple[dict[str, Any], bool]:
    """The tally frame, and whether only moderators may see it yet."""
    from remote_hubs.services.live.polls import poll_results

    hidden = poll.results_hidden and poll.status != Poll.Status.CLOSED
    frame = {
        "type": "poll.tally",
        "poll_id": poll.pk,
        "status": poll.status,
        "results": poll_results(poll),
    }
    return frame, hidden or poll.status == Poll.Status.DRAFT


def question_votes_frame(room_id: int) -> dict[str, Any]:
    counts = (
        Question.objects.filter(room_id=room_id)
        .exclude(status__in=[Question.Status.PENDING, Question.Status.REJECTED])
        .annotate(n=Count("votes"))
        .values_list("pk", "n")
    )
    return {"type": "question.votes", "counts": {str(pk): n for pk, n in counts}}


def frames_for(room_id: int, session_id: int, keys: set[str]) -> list[tuple[dict, bool]]:
    frames: list[tuple[dict, bool]] = []
    if "presence" in keys:
        frames.append((presence_frame(room_id, session_id), False))
    if "questions" in keys:
        frames.append((question_votes_frame(room_id), False))
    poll_ids = {int(k.split(":", 1)[1]) for k in keys if k.startswith("poll:")}
    for poll in Poll.objects.filter(room_id=room_id, pk__in=poll_ids):
        frames.append(poll_frame(poll))
    return frames


def snapshot_frames(room_id: int, session_id: int) -> list[tuple[dict, bool]]:
    """Every aggregate of the room, for a client that (re)connects."""
    frames = [(presence_frame(room_id, session_id), False), (question_votes_frame(room_id), False)]
    for poll in Poll.objects.filter(room_id=room_id).exclude(status=Poll.Status.DRAFT):
        frames.append(poll_frame(poll))
    return frames


class Aggregates:
    def __init__(self) -> None:
        self.pending: dict[int, tuple[int, set[str]]] = {}
        self.task: asyncio.Task | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.started: float | None = None

    def mark(self, room, key: str) -> None:
        """Mark aggregate ``key`` (presence, questions, poll:<id>) of the LiveRoom dirty."""
        loop = asyncio.get_running_loop()
        if self.loop is not loop:  # a new event loop (tests): start afresh
            self.pending, self.task, self.loop = {}, None, loop
        _, keys = self.pending.get(room.pk, (room.session_id, set()))
        self.pending[room.pk] = (room.session_id, keys | {key})
        stuck = self.started is not None and time.monotonic() - self.started > STUCK_AFTER
        if self.task is None or self.task.done() or stuck:
            self.started = time.monotonic()
            self.task = loop.create_task(self._flush_later())

    async def _flush_later(self) -> None:
        # Marks that arrive while a flush is under way are flushed by the next round of this
        # loop; it ends only when nothing is pending (no await between that check and the end).
        while True:
            await asyncio.sleep(getattr(settings, "LIVE_AGGREGATE_INTERVAL", 0.25))
            pending, self.pending = self.pending, {}
            await self._flush(pending)
            if not self.pending:
                return
            self.started = time.monotonic()

    async def _flush(self, pending: dict[int, tuple[int, set[str]]]) -> None:
        layer = get_channel_layer()
        for room_id, (session_id, keys) in pending.items():
            try:
                frames = await database_sync_to_async(frames_for)(room_id, session_id, keys)
                for frame, moderators_only in frames:
                    message = {
                        "type": "live.aggregate",
                        "frame": frame,
                        "moderators_only": moderators_only,
                    }
                    await asyncio.wait_for(
                        layer.group_send(room_group(room_id), message), SEND_TIMEOUT
                    )
            except Exception:
                logger.warning("live: could not send aggregates of room %s", room_id, exc_info=True)


#: One per server process.
aggregates = Aggregates()
