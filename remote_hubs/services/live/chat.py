"""Chat: send a line; moderators delete lines and mute people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from remote_hubs.models import ChatMessage, Hub, LiveEvent, LiveRoom, Mute
from remote_hubs.services.live.base import (
    LiveError,
    clean_text,
    person_ref,
    require_moderator,
    require_participant,
    whole_number,
)
from remote_hubs.services.live.events import event_append

CHAT_MAX = 1000


def chat_send(
    *, room: LiveRoom, by, text: Any, hub: Hub | None = None, now: dt.datetime | None = None
) -> ChatMessage:
    now = now or timezone.now()
    text = clean_text(text, CHAT_MAX, "message")
    with transaction.atomic():
        require_participant(by, room)
        message = ChatMessage.objects.create(
            room=room, author=by, hub=hub, text=text, created_at=now
        )
        message.event = event_append(
            room=room,
            type="chat.message",
            payload={
                "message_id": message.pk,
                "text": text,
                "at": now.isoformat(),
                **person_ref(by, hub),
            },
            now=now,
        )
        message.save(update_fields=["event"])
    return message


def chat_delete(
    *, room: LiveRoom, by, message_id: Any, now: dt.datetime | None = None
) -> ChatMessage:
    now = now or timezone.now()
    with transaction.atomic():
        require_moderator(by, room.session)
        message = (
            ChatMessage.objects.select_for_update()
            .filter(room=room, pk=whole_number(message_id, "message_id"))
            .first()
        )
        if message is None:
            raise LiveError("not_found", "No such message in this room.")
        if message.deleted_at is not None:
            raise LiveError("conflict", "The message is deleted already.")
        message.deleted_at, message.deleted_by = now, by
        message.save(update_fields=["deleted_at", "deleted_by"])
        if message.event_id:
            # Replays must not bring the deleted text back.
            LiveEvent.objects.filter(pk=message.event_id).update(
                payload={"message_id": message.pk, "deleted": True}
            )
        event_append(room=room, type="chat.deleted", payload={"message_id": message.pk}, now=now)
    return message


def user_mute(
    *, room: LiveRoom, by, user_id: Any, muted: Any = True, now: dt.datetime | None = None
) -> bool:
    from forum.models import User

    now = now or timezone.now()
    if not isinstance(muted, bool):
        raise LiveError("invalid", "muted must be true or false.")
    with transaction.atomic():
        require_moderator(by, room.session)
        target = User.objects.filter(pk=whole_number(user_id, "user_id")).first()
        if target is None:
            raise LiveError("not_found", "No such person.")
        if muted:
            _, created = Mute.objects.get_or_create(
                room=room, user=target, defaults={"by": by, "created_at": now}
            )
            changed = created
        else:
            changed = bool(Mute.objects.filter(room=room, user=target).delete()[0])
        if changed:
            event_append(
                room=room,
                type="user.muted" if muted else "user.unmuted",
                payload={"user_id": target.pk, "name": target.name},
                audience=LiveEvent.Audience.MODERATORS,
                user_id=target.pk,
                now=now,
            )
    return changed
