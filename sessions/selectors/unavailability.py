"""Reads of people's declared unavailability, for the secretariat's page."""

from __future__ import annotations

from django.db.models import QuerySet

from forum.models import Forum
from sessions.models import PersonUnavailability, ProposalPerson, Session
from sessions.selectors.schedule import SCHEDULED_ROLES


def forum_unavailabilities(forum: Forum) -> QuerySet[PersonUnavailability]:
    """Every declared unavailability of the forum, by person then time (one query)."""
    return (
        PersonUnavailability.objects.filter(forum=forum)
        .select_related("user")
        .order_by("email", "starts_at", "pk")
    )


def programme_people(forum: Forum) -> list[tuple[str, str]]:
    """``(email, name)`` of the people the scheduler places (speakers and moderators of the
    forum's sessions, not those who declined), one row per address, by name (one query)."""
    rows = (
        ProposalPerson.objects.filter(
            proposal__in=Session.objects.filter(forum=forum).values("proposal_id"),
            role__in=SCHEDULED_ROLES,
        )
        .exclude(confirmation=ProposalPerson.Confirmation.DECLINED)
        .exclude(email="")
        .values_list("email", "name")
    )
    people: dict[str, tuple[str, str]] = {}
    for email, name in rows:
        people.setdefault(email.lower(), (email, name))
    return sorted(people.values(), key=lambda row: (row[1].lower(), row[0].lower()))
