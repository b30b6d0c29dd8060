"""Reads of the call for proposals: whether it exists, when it is open, each type's deadline
(:func:`deadline_for` lives with the models, since a permission predicate asks it too)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from forum.models import Forum
from sessions.models import CallForProposals, SessionType
from sessions.models.call import deadline_for


def call_for(*, forum: Forum) -> CallForProposals | None:
    """The forum's call for proposals, or None when it has none."""
    try:
        return forum.call
    except CallForProposals.DoesNotExist:
        return None


def call_last_deadline(forum: Forum) -> dt.datetime | None:
    """The latest moment any session type of the call still takes proposals."""
    call = call_for(forum=forum)
    if call is None:
        return None
    deadlines = [
        t.deadline or call.closes_at
        for t in SessionType.objects.filter(forum=forum, open_for_proposals=True)
    ]
    return max(deadlines, default=call.closes_at)


def call_is_open(forum: Forum, now: dt.datetime | None = None) -> bool:
    call = call_for(forum=forum)
    if call is None:
        return False
    now = now or timezone.now()
    last = call_last_deadline(forum)
    return call.opens_at <= now <= last


__all__ = ["call_for", "call_is_open", "call_last_deadline", "deadline_for"]
