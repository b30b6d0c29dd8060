"""Presence: who is connected to a room and from which hub, and the hubs' reported attendance.

The consumer calls these for each connection (named by its channel name); the counts go out
batched by :mod:`remote_hubs.aggregates`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from remote_hubs import rules as live_rules
from remote_hubs.models import PRESENCE_STALE, Hub, HubAttendance, LivePresence, LiveRoom
from remote_hubs.services.live.base import LiveError, fresh, whole_number
from sessions.models import Session


def hub_for_user(*, user, forum, hub_id: int | None) -> Hub | None:
    """The approved hub someone follows the session from: one they chose, or the one they
    coordinate."""
    if not user.is_authenticated:
        return None
    approved = Hub.objects.filter(forum=forum, status=Hub.Status.APPROVED)
    if hub_id is not None:
        hub = approved.filter(pk=hub_id).first()
        if hub is None:
            raise LiveError("not_found", "No such approved hub in this forum.")
        return hub
    return approved.filter(coordinator=user).order_by("pk").first()


def presence_join(
    *, room: LiveRoom, channel_name: str, user, hub: Hub | None, now: dt.datetime | None = None
) -> None:
    """Record a connection; rows of connections whose server process died are dropped once
    they are stale."""
    now = now or timezone.now()
    LivePresence.objects.filter(room=room, seen_at__lt=now - PRESENCE_STALE).delete()
    LivePresence.objects.update_or_create(
        channel_name=channel_name,
        defaults={
            "room": room,
            "user": user if user.is_authenticated else None,
            "hub": hub,
            "seen_at": now,
        },
    )


def presence_touch(*, channel_name: str, now: dt.datetime | None = None) -> None:
    """The connection is still there."""
    LivePresence.objects.filter(channel_name=channel_name).update(seen_at=now or timezone.now())


def presence_set_hub(*, channel_name: str, hub: Hub | None) -> None:
    LivePresence.objects.filter(channel_name=channel_name).update(hub=hub)


def presence_leave(*, channel_name: str) -> None:
    LivePresence.objects.filter(channel_name=channel_name).delete()


def hub_attendance_report(
    *, hub: Hub, session: Session, by, people: Any, now: dt.datetime | None = None
) -> HubAttendance:
    """The hub coordinator reports how many people are present (live, or afterwards)."""
    now = now or timezone.now()
    count = whole_number(people, "people")
    if not 0 <= count <= 100_000:
        raise LiveError("invalid", "Report between 0 and 100000 people.")
    fresh(by)
    if hub.forum_id != session.forum_id or hub.status != Hub.Status.APPROVED:
        raise LiveError("forbidden", "Only an approved hub of this forum reports attendance.")
    if not live_rules.can_manage_hub.test(by, hub):
        raise LiveError("forbidden", "Only the hub's coordinator reports attendance.")
    return HubAttendance.objects.create(
        hub=hub, session=session, people=count, reported_by=by, reported_at=now
    )
