"""Polls: moderators create, open and close; participants vote once. Tallies go out batched."""

from __future__ import annotations

from channels.db import database_sync_to_async

from remote_hubs.handlers.base import BOOL, INT, STR, handles
from remote_hubs.models import Poll
from remote_hubs.services.live import polls


@handles(
    "poll.create",
    required={"kind": STR, "question": STR},
    optional={"options": (list,), "scale_max": INT, "results_hidden": BOOL},
)
async def poll_create(consumer, message) -> None:
    await database_sync_to_async(polls.poll_create)(
        room=consumer.room,
        by=consumer.user,
        kind=message["kind"],
        question=message["question"],
        options=message.get("options"),
        scale_max=message.get("scale_max", 5),
        results_hidden=message.get("results_hidden", False),
    )


def _status(status: str):
    async def handle(consumer, message) -> None:
        poll = await database_sync_to_async(polls.poll_set_status)(
            room=consumer.room, by=consumer.user, poll_id=message["poll_id"], status=status
        )
        consumer.aggregates.mark(consumer.room, f"poll:{poll.pk}")

    return handle


handles("poll.open", required={"poll_id": INT})(_status(Poll.Status.OPEN))
handles("poll.close", required={"poll_id": INT})(_status(Poll.Status.CLOSED))


@handles("poll.vote", required={"poll_id": INT, "answer": (int, str, list)})
async def poll_vote(consumer, message) -> None:
    vote = await database_sync_to_async(polls.poll_vote)(
        room=consumer.room, by=consumer.user, poll_id=message["poll_id"], answer=message["answer"]
    )
    consumer.aggregates.mark(consumer.room, f"poll:{vote.poll_id}")
    await consumer.send_json({"type": "poll.voted", "poll_id": vote.poll_id})
