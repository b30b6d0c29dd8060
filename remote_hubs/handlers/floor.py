"""The "request the floor" queue: hubs ask, moderators grant and close, hubs may withdraw."""

from __future__ import annotations

from channels.db import database_sync_to_async

from remote_hubs.handlers.base import INT, handles
from remote_hubs.models import FloorRequest
from remote_hubs.services.live import floor as floor_services


@handles("floor.request")
async def floor_request(consumer, message) -> None:
    await database_sync_to_async(floor_services.floor_request)(
        room=consumer.room, by=consumer.user, hub=consumer.hub
    )


def _update(status: str):
    async def handle(consumer, message) -> None:
        await database_sync_to_async(floor_services.floor_update)(
            room=consumer.room, by=consumer.user, request_id=message["request_id"], status=status
        )

    return handle


handles("floor.grant", required={"request_id": INT})(_update(FloorRequest.Status.GRANTED))
handles("floor.done", required={"request_id": INT})(_update(FloorRequest.Status.DONE))
handles("floor.withdraw", required={"request_id": INT})(_update(FloorRequest.Status.WITHDRAWN))
