"""Who may do what with hubs and in a live room. Views and the live consumer ask these predicates.

Live-room predicates take ``(user, session)``; hub predicates take ``(user, hub)`` or
``(user, forum)``.
"""

from __future__ import annotations

import rules

from forum.rules import holds_hub_coordinator_role, is_active_user, is_secretariat
from registration.rules import is_registered_participant


@rules.predicate
def is_session_moderator(user, session) -> bool:
    if session is None or not user.is_authenticated:
        return False
    cache = getattr(session, "_moderator_ids", None)
    if cache is None:
        cache = frozenset(session.moderators.values_list("pk", flat=True))
        session._moderator_ids = cache
    return user.pk in cache


@rules.predicate
def is_public_session(user, session) -> bool:
    return bool(session is not None and session.is_public and session.forum.is_public)


@rules.predicate
def coordinates_approved_hub(user, obj) -> bool:
    """Coordinates an approved hub of the forum of ``obj``."""
    from forum.rules import forum_of
    from remote_hubs.models import Hub

    forum = forum_of(obj)
    if forum is None or not user.is_authenticated:
        return False
    return Hub.objects.filter(forum=forum, coordinator=user, status=Hub.Status.APPROVED).exists()


@rules.predicate
def coordinates_hub(user, hub) -> bool:
    """Is the coordinator of this hub (whatever its status)."""
    return bool(hub is not None and user.is_authenticated and hub.coordinator_id == user.pk)


can_moderate_live = is_session_moderator | is_secretariat
can_take_part_live = can_moderate_live | is_registered_participant | coordinates_approved_hub
can_watch_live = can_take_part_live | is_public_session

can_register_hub = is_active_user
can_decide_hubs = is_secretariat
can_manage_hub = coordinates_hub | is_secretariat
# The hub coordinator role of the forum also lets someone see the hub lists of their forum.
can_see_hub_registrations = is_secretariat | holds_hub_coordinator_role

rules.add_perm("remote_hubs.moderate_live", can_moderate_live)
rules.add_perm("remote_hubs.take_part_live", can_take_part_live)
rules.add_perm("remote_hubs.watch_live", can_watch_live)
rules.add_perm("remote_hubs.manage_hub", can_manage_hub)
rules.add_perm("remote_hubs.decide_hubs", can_decide_hubs)
