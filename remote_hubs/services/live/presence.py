"""Presence: the hub someone follows from, and the hubs' reported attendance.

Connections themselves are recorded in batches (``presence_batch.presence_apply``); the counts go
out batched by :mod:`remote_hubs.aggregates`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from remote_hubs import rules as live_rules
from remote_hubs.models import Hub, HubAttendance
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
