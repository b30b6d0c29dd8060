"""Presence written in batches: a server process gathers its connections' joins, hub changes and
leaves and writes them together, in one transaction (``remote_hubs.presence_writer.PresenceBatch``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from remote_hubs.models import PRESENCE_STALE, LivePresence


def presence_apply(
    *,
    joins: dict[str, dict[str, Any]],
    hubs: dict[str, int | None],
    leaves: set[str],
    now: dt.datetime | None = None,
) -> None:
    """Record ``joins`` (channel name -> room_id, user_id, hub_id), hub changes and ``leaves``.
    Rows of the joined rooms whose server process died are dropped once they are stale."""
    now = now or timezone.now()
    with transaction.atomic():
        if leaves:
            LivePresence.objects.filter(channel_name__in=leaves).delete()
        rooms = {join["room_id"] for join in joins.values()}
        if rooms:
            LivePresence.objects.filter(
                room_id__in=rooms, seen_at__lt=now - PRESENCE_STALE
            ).delete()
            LivePresence.objects.bulk_create(
                [
                    LivePresence(
                        channel_name=name,
                        room_id=join["room_id"],
                        user_id=join["user_id"],
                        hub_id=join["hub_id"],
                        seen_at=now,
                    )
                    for name, join in joins.items()
                ],
                update_conflicts=True,
                unique_fields=["channel_name"],
                update_fields=["room", "user", "hub", "seen_at"],
            )
        for name, hub_id in hubs.items():
            LivePresence.objects.filter(channel_name=name).update(hub_id=hub_id)


def presence_touch_many(*, channel_names: list[str], now: dt.datetime | None = None) -> None:
    """These connections are still there."""
    now = now or timezone.now()
    for start in range(0, len(channel_names), 1000):
        LivePresence.objects.filter(channel_name__in=channel_names[start : start + 1000]).update(
            seen_at=now
        )
