"""Chat: send; moderators delete messages and mute people."""

from __future__ import annotations

from channels.db import database_sync_to_async

from remote_hubs.handlers.base import BOOL, INT, STR, handles
from remote_hubs.services.live import chat


@handles("chat.send", required={"text": STR})
async def chat_send(consumer, message) -> None:
    await database_sync_to_async(chat.chat_send)(
        room=consumer.room, by=consumer.user, text=message["text"], hub=consumer.hub
    )


@handles("chat.delete", required={"message_id": INT})
async def chat_delete(consumer, message) -> None:
    await database_sync_to_async(chat.chat_delete)(
        room=consumer.room, by=consumer.user, message_id=message["message_id"]
    )


@handles("user.mute", required={"user_id": INT}, optional={"muted": BOOL})
async def user_mute(consumer, message) -> None:
    await database_sync_to_async(chat.user_mute)(
        room=consumer.room,
        by=consumer.user,
        user_id=message["user_id"],
        muted=message.get("muted", True),
    )
