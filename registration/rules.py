"""Permissions of registration: who counts as a registered participant of a forum."""

from __future__ import annotations

from typing import Any

import rules

from forum.rules import forum_of
from registration.models import Registration


def approved_forum_ids(user) -> frozenset[int]:
    """Forums where ``user`` holds an approved registration (cached on the user object)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_plenaria_registered", None)
    if cached is None:
        cached = frozenset(
            Registration.objects.filter(user=user, status=Registration.Status.APPROVED).values_list(
                "forum_id", flat=True
            )
        )
        user._plenaria_registered = cached
    return cached


@rules.predicate
def is_registered_participant(user, obj: Any = None) -> bool:
    forum = forum_of(obj)
    return forum is not None and forum.pk in approved_forum_ids(user)
