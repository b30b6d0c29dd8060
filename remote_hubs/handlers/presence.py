"""Presence: which hub someone follows from, and the hub's count of people present."""

from __future__ import annotations

from channels.db import database_sync_to_async

from remote_hubs.handlers.base import INT, INT_OR_NULL, handles
from remote_hubs.services.live import presence
from remote_hubs.services.live.base import LiveError


@handles("hub.select", required={"hub_id": INT_OR_NULL})
async def hub_select(consumer, message) -> None:
    if not consumer.user.is_authenticated:
        raise LiveError("login_required", "Log in to follow from a hub.")
    hub = None
    if message["hub_id"] is not None:
        hub = await database_sync_to_async(presence.hub_for_user)(
            user=consumer.user, forum=consumer.session.forum, hub_id=message["hub_id"]
        )
    await consumer.set_hub(hub)


@handles("hub.attendance", required={"people": INT})
async def hub_attendance(consumer, message) -> None:
    if consumer.hub is None:
        raise LiveError("no_hub", "Follow from a hub to report its attendance.")
    await database_sync_to_async(presence.hub_attendance_report)(
        hub=consumer.hub, session=consumer.session, by=consumer.user, people=message["people"]
    )
    consumer.aggregates.mark(consumer.room, "presence")
