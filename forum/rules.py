"""Forum-wide permissions as named predicates. Views, the API and WebSocket consumers ask these.

A predicate takes ``(user, obj)`` where ``obj`` is a :class:`~forum.models.Forum` or anything with
a ``forum`` attribute (a room, a theme, later a proposal or a session). Roles are loaded once per
user object and cached on it, so checking many objects costs one query.
"""

from __future__ import annotations

from typing import Any

import rules

from forum.models import Forum, ForumRole


@rules.predicate
def is_active_user(user, obj=None) -> bool:
    """Logged in with an account that is active: the one test of "someone with a working account",
    asked by every predicate and service that needs it."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def forum_of(obj: Any) -> Forum | None:
    if obj is None:
        return None
    if isinstance(obj, Forum):
        return obj
    forum = getattr(obj, "forum", None)
    return forum if isinstance(forum, Forum) else None


def roles_of(user, forum: Forum | None) -> frozenset[str]:
    """The roles ``user`` holds in ``forum`` (cached on the user object for its lifetime)."""
    if forum is None or user is None or not user.is_authenticated:
        return frozenset()
    cache: dict[int, frozenset[str]] | None = getattr(user, "_plenaria_roles", None)
    if cache is None:
        cache = {}
        for forum_id, role in ForumRole.objects.filter(user=user).values_list("forum_id", "role"):
            cache.setdefault(forum_id, set()).add(role)  # type: ignore[union-attr]
        cache = {k: frozenset(v) for k, v in cache.items()}
        user._plenaria_roles = cache
    return cache.get(forum.pk, frozenset())


def forget_roles(user) -> None:
    """Drop the cached roles, after granting or revoking one."""
    if hasattr(user, "_plenaria_roles"):
        del user._plenaria_roles


def _has_role(role: str):
    def check(user, obj=None) -> bool:
        return role in roles_of(user, forum_of(obj))

    check.__name__ = f"has_role_{role}"
    return rules.predicate(check, name=f"is_{role}")


is_superuser = rules.is_superuser
is_secretariat = _has_role(ForumRole.Role.SECRETARIAT) | is_superuser
is_mag_member = _has_role(ForumRole.Role.MAG_MEMBER)
is_captioner = _has_role(ForumRole.Role.CAPTIONER)
#: Holds the forum's hub-coordinator role (sees the forum's hub lists); not the same as being the
#: coordinator of one hub, which is a predicate of the hubs app (``coordinates_hub``).
holds_hub_coordinator_role = _has_role(ForumRole.Role.HUB_COORDINATOR)


@rules.predicate
def is_public_forum(user, obj=None) -> bool:
    forum = forum_of(obj)
    return bool(forum and forum.is_public)


@rules.predicate
def holds_any_role(user, obj=None) -> bool:
    return bool(roles_of(user, forum_of(obj)))


@rules.predicate
def is_secretariat_anywhere(user) -> bool:
    """Secretariat of at least one forum: may open the admin site."""
    if not is_active_user(user):
        return False
    return (
        user.is_superuser
        or ForumRole.objects.filter(user=user, role=ForumRole.Role.SECRETARIAT).exists()
    )


can_view_forum = is_public_forum | holds_any_role | is_secretariat
can_manage_forum = is_secretariat

# Named so as not to collide with Django's own model permissions ("forum.view_forum" etc.).
rules.add_perm("forum.see_forum", can_view_forum)
rules.add_perm("forum.manage_forum", can_manage_forum)
rules.add_perm("forum.use_admin", is_secretariat_anywhere)
