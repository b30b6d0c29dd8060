"""The "request the floor" queue: a hub's coordinator asks, moderators grant and close, the hub may
withdraw."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from remote_hubs import rules as live_rules
from remote_hubs.models import FloorRequest, Hub, LiveRoom
from remote_hubs.services.live.base import (
    LiveError,
    hub_ref,
    may_moderate,
    require_moderator,
    require_participant,
    whole_number,
)
from remote_hubs.services.live.events import event_append


def _floor_payload(request: FloorRequest) -> dict[str, Any]:
    return {
        "request_id": request.pk,
        **hub_ref(request.hub),
        "status": request.status,
        "by": request.requested_by.name,
    }


def floor_request(*, room: LiveRoom, by, hub: Hub | None, now: dt.datetime | None = None):
    now = now or timezone.now()
    if hub is None:
        raise LiveError("no_hub", "Only someone following from a hub may request the floor.")
    with transaction.atomic():
        require_participant(by, room)
        # Participants may say they follow from a hub; only its coordinator speaks for it.
        if not live_rules.can_manage_hub.test(by, hub):
            raise LiveError("forbidden", "Only the hub's coordinator requests the floor for it.")
        try:
            with transaction.atomic():
                request = FloorRequest.objects.create(
                    room=room, hub=hub, requested_by=by, created_at=now
                )
        except IntegrityError:
            raise LiveError("conflict", "Your hub is in the queue already.") from None
        event_append(room=room, type="floor.requested", payload=_floor_payload(request), now=now)
    return request


def floor_update(
    *, room: LiveRoom, by, request_id: Any, status: str, now: dt.datetime | None = None
) -> FloorRequest:
    """Moderators grant the floor and mark it done; the hub may withdraw its own request."""
    now = now or timezone.now()
    allowed = {
        FloorRequest.Status.GRANTED: {FloorRequest.Status.WAITING},
        FloorRequest.Status.DONE: {FloorRequest.Status.WAITING, FloorRequest.Status.GRANTED},
        FloorRequest.Status.WITHDRAWN: {FloorRequest.Status.WAITING},
    }
    if status not in allowed:
        raise LiveError("invalid", "Unknown floor status.")
    with transaction.atomic():
        request = (
            FloorRequest.objects.select_for_update(of=("self",))
            .select_related("hub", "requested_by")
            .filter(room=room, pk=whole_number(request_id, "request_id"))
            .first()
        )
        if request is None:
            raise LiveError("not_found", "No such request in this room.")
        if status == FloorRequest.Status.WITHDRAWN:
            if request.requested_by_id != by.pk and not may_moderate(user=by, session=room.session):
                raise LiveError("forbidden", "Only the hub that asked may withdraw.")
        else:
            require_moderator(by, room.session)
        if request.status not in allowed[status]:
            raise LiveError("conflict", f"The request is {request.status}.")
        request.status = status
        request.save(update_fields=["status"])
        event_append(room=room, type="floor.updated", payload=_floor_payload(request), now=now)
    return request
