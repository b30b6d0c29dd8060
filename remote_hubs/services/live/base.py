"""What every write of the live room shares: the refusal, fresh permission checks, input cleaning,
the room and the forum's live settings, and how a person and a hub appear in an item.

Each service checks permission and validity itself (consumers, views and the demo all call them),
writes inside one transaction and appends the room's item; the doorbell rings after commit.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from forum.rules import forget_roles
from remote_hubs import rules as live_rules
from remote_hubs.models import Hub, LiveRoom, LiveSettings, Mute
from sessions.models import Session


class LiveError(Exception):
    """A refused request: ``code`` is stable for clients, ``message`` is for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def fresh(user) -> None:
    """Forget cached permissions, so that each message is authorised on what is true now."""
    forget_roles(user)
    if hasattr(user, "_plenaria_registered"):
        del user._plenaria_registered


def may_moderate(*, user, session: Session) -> bool:
    fresh(user)
    session.__dict__.pop("_moderator_ids", None)
    return live_rules.can_moderate_live.test(user, session)


def may_take_part(*, user, session: Session) -> bool:
    fresh(user)
    session.__dict__.pop("_moderator_ids", None)
    return live_rules.can_take_part_live.test(user, session)


def require_moderator(user, session: Session) -> None:
    if not may_moderate(user=user, session=session):
        raise LiveError("forbidden", "Only the session's moderators may do this.")


def require_participant(user, room: LiveRoom) -> None:
    if not user.is_authenticated:
        raise LiveError("login_required", "Log in to take part.")
    if not may_take_part(user=user, session=room.session):
        raise LiveError("forbidden", "Only registered participants of this forum take part.")
    if Mute.objects.filter(room=room, user=user).exists():
        raise LiveError("muted", "A moderator muted you in this room.")


def clean_text(text: Any, limit: int, what: str) -> str:
    if not isinstance(text, str):
        raise LiveError("invalid", f"The {what} must be text.")
    text = text.strip()
    if not text:
        raise LiveError("invalid", f"The {what} is empty.")
    if len(text) > limit:
        raise LiveError("too_long", f"The {what} is longer than {limit} characters.")
    return text


def whole_number(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise LiveError("invalid", f"{name} must be a whole number.")
    return value


def live_room_for(*, session: Session) -> LiveRoom:
    room, _ = LiveRoom.objects.get_or_create(session=session)
    room.session = session
    return room


def live_settings_for(*, forum) -> LiveSettings:
    settings_row = LiveSettings.objects.filter(forum=forum).first()
    return settings_row or LiveSettings(forum=forum)


def hub_ref(hub: Hub | None) -> dict[str, Any]:
    """How a hub appears in every frame: its id, its label and its city (``None`` for no hub);
    the page names it from the city in the reader's language."""
    return {
        "hub": hub.label if hub else None,
        "hub_id": hub.pk if hub else None,
        "hub_city": hub.city if hub else None,
    }


def person_ref(user, hub: Hub | None, *, anonymous: bool = False) -> dict[str, Any]:
    """How the author of a chat line or a question appears: name, id and hub. An author who
    deleted their account (``user`` None) appears as a former participant. Anonymous means
    neither the person nor their hub (a hub's label can name the person who speaks for it)."""
    if anonymous:
        return {"author": None, "author_id": None, **hub_ref(None)}
    if user is None:
        return {"author": gettext("former participant"), "author_id": None, **hub_ref(hub)}
    return {"author": user.name or user.email.split("@")[0], "author_id": user.pk, **hub_ref(hub)}
