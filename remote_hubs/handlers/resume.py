"""``resume``: send every item after the client's last id; ``ping``: say where the room is."""

from __future__ import annotations

from remote_hubs.handlers.base import INT, handles
from remote_hubs.services.live.base import LiveError


@handles("resume", required={"last_id": INT}, write=False)
async def resume(consumer, message) -> None:
    last_id = message["last_id"]
    if last_id < 0:
        raise LiveError("invalid", "last_id cannot be negative.")
    await consumer.replay(after=last_id)


@handles("ping", write=False)
async def ping(consumer, message) -> None:
    await consumer.send_json({"type": "pong", "last_id": consumer.last_seq})
