"""Hub registration and the secretariat's decision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from forum.mail import mail_queue
from forum.models import Forum, ForumRole
from forum.services import role_grant
from remote_hubs import rules as hub_rules
from remote_hubs.models import Hub
from sessions.models import Session


def hub_register(
    *,
    forum: Forum,
    by,
    host_institution: str,
    city: str,
    country: str,
    time_zone: str,
    coordinator_name: str,
    coordinator_email: str,
    technical_name: str,
    technical_email: str,
    expected_participants: int,
    areas_of_interest: str = "",
    planned_sessions: Iterable[Session] = (),
    latitude=None,
    longitude=None,
    now: dt.datetime | None = None,
) -> Hub:
    """Register a hub, waiting for the secretariat's approval. ``by`` becomes its coordinator."""
    if not hub_rules.can_register_hub.test(by, forum):
        raise PermissionDenied("Log in to register a hub.")
    sessions = list(planned_sessions)
    if any(s.forum_id != forum.pk for s in sessions):
        raise ValidationError({"planned_sessions": "Sessions must belong to this forum."})
    hub = Hub(
        forum=forum,
        host_institution=host_institution,
        city=city,
        country=country,
        time_zone=time_zone,
        coordinator=by,
        coordinator_name=coordinator_name,
        coordinator_email=coordinator_email,
        technical_name=technical_name,
        technical_email=technical_email,
        expected_participants=expected_participants,
        areas_of_interest=areas_of_interest,
        latitude=latitude,
        longitude=longitude,
        created_at=now or timezone.now(),
    )
    hub.full_clean()
    with transaction.atomic():
        hub.save()
        hub.planned_sessions.set(sessions)
    return hub


def hub_decide(
    *, hub: Hub, by, approve: bool, now: dt.datetime | None = None, notify: bool = True
) -> Hub:
    """Approve or reject a hub; the coordinator is told by mail and, approved, becomes the
    forum's hub coordinator."""
    if not hub_rules.can_decide_hubs.test(by, hub.forum):
        raise PermissionDenied("Only the secretariat decides on hubs.")
    with transaction.atomic():
        hub = Hub.objects.select_for_update().select_related("forum", "coordinator").get(pk=hub.pk)
        if hub.status != Hub.Status.PENDING:
            raise ValidationError("This hub has been decided already.")
        hub.status = Hub.Status.APPROVED if approve else Hub.Status.REJECTED
        hub.decided_at = now or timezone.now()
        hub.save(update_fields=["status", "decided_at"])
        if approve:
            role_grant(forum=hub.forum, user=hub.coordinator, role=ForumRole.Role.HUB_COORDINATOR)
            subject = f"Your hub in {hub.city} is approved for {hub.forum.name}"
            body = (
                f"Dear {hub.coordinator_name},\n\n"
                f"The secretariat approved the remote hub at {hub.host_institution}, {hub.city}.\n"
                "Your hub now appears on the forum's list and map of hubs. On the day, open a "
                "session's live room to put the hub's questions to the room, request the floor "
                "and report how many people are with you.\n"
            )
        else:
            subject = f"Your hub registration for {hub.forum.name}"
            body = (
                f"Dear {hub.coordinator_name},\n\n"
                f"The secretariat could not approve the remote hub at {hub.host_institution}, "
                f"{hub.city}. You can still follow every session online.\n"
            )
        if notify:
            mail_queue(to=hub.coordinator_email, subject=subject, body=body, forum=hub.forum)
    return hub
