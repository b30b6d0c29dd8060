"""Saving a forum's rooms and themes from the secretariat's pages: the permission, the model's own
validation, one write."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from forum.models import Forum, Room, Theme, User
from forum.rules import can_manage_forum


def _require_secretariat(by: User, forum: Forum) -> None:
    if not can_manage_forum.test(by, forum):
        raise PermissionDenied(_("Only the forum's secretariat changes its settings."))


@transaction.atomic
def room_save(*, forum: Forum, by: User, room: Room) -> Room:
    """Create or change one of the forum's rooms."""
    _require_secretariat(by, forum)
    room.forum = forum
    room.full_clean()
    room.save()
    return room


@transaction.atomic
def theme_save(*, forum: Forum, by: User, theme: Theme) -> Theme:
    """Create or change one of the forum's themes or sub-themes."""
    _require_secretariat(by, forum)
    theme.forum = forum
    theme.full_clean()
    theme.save()
    return theme
