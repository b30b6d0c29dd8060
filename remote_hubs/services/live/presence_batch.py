"""Presence written in batches: a server process gathers its connections' joins, hub changes and
leaves and writes them together, in one transaction (``remote_hubs.presence_writer.PresenceBatch``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from remote_hubs.models import PRESENCE_STALE, LiveAttendance, LivePresence, LiveRoom


def presence_apply(
    *,
    joins: dict[str, dict[str, Any]],
    hubs: dict[str, int | None],
    leaves: set[str],
    now: dt.datetime | None = None,
) -> None:
    """Record ``joins`` (channel name -> room_id, user_id, hub_id), hub changes and ``leaves``.
    Rows of the joined rooms whose server process died are dropped once they are stale. What a
    session's report needs outlives the connections: each signed-in person who joined
    (``LiveAttendance``) and each joined room's peak of open connections."""
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
        _attendance_record(joins=joins, hubs=hubs, now=now)
        if rooms:
            _peaks_record(room_ids=rooms, now=now)


def _attendance_record(
    *, joins: dict[str, dict[str, Any]], hubs: dict[str, int | None], now: dt.datetime
) -> None:
    seen = {
        (join["room_id"], join["user_id"]): join["hub_id"]
        for join in joins.values()
        if join["user_id"] is not None
    }
    if hubs:
        for room_id, user_id, hub_id in LivePresence.objects.filter(
            channel_name__in=list(hubs), user__isnull=False
        ).values_list("room_id", "user_id", "hub_id"):
            seen[(room_id, user_id)] = hub_id
    if not seen:
        return
    # In key order, so that two processes' batches lock the rows they share in the same order.
    LiveAttendance.objects.bulk_create(
        [
            LiveAttendance(room_id=room_id, user_id=user_id, hub_id=hub_id, first_seen_at=now)
            for (room_id, user_id), hub_id in sorted(seen.items())
        ],
        update_conflicts=True,
        unique_fields=["room", "user"],
        update_fields=["hub"],
    )


def _peaks_record(*, room_ids: set[int], now: dt.datetime) -> None:
    counts = (
        LivePresence.objects.filter(room_id__in=room_ids, seen_at__gte=now - PRESENCE_STALE)
        .values("room_id")
        .annotate(total=Count("pk"), online=Count("pk", filter=Q(hub__isnull=True)))
    )
    for row in counts:
        LiveRoom.objects.filter(pk=row["room_id"], peak_connected__lt=row["total"]).update(
            peak_connected=row["total"], peak_at=now
        )
        LiveRoom.objects.filter(pk=row["room_id"], peak_online__lt=row["online"]).update(
            peak_online=row["online"]
        )


def presence_touch_many(*, channel_names: list[str], now: dt.datetime | None = None) -> None:
    """These connections are still there."""
    now = now or timezone.now()
    for start in range(0, len(channel_names), 1000):
        LivePresence.objects.filter(channel_name__in=channel_names[start : start + 1000]).update(
            seen_at=now
        )
