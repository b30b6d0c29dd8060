"""Live captions: captioners send segments. The transcripts issue builds the captioning tools on
this; the item type and the pane are ready."""

from __future__ import annotations

from channels.db import database_sync_to_async

from remote_hubs.handlers.base import STR, handles
from remote_hubs.services.live import captions


@handles("caption.send", required={"text": STR}, optional={"language": STR})
async def caption_send(consumer, message) -> None:
    await database_sync_to_async(captions.caption_append)(
        room=consumer.room,
        by=consumer.user,
        text=message["text"],
        language=message.get("language", "en"),
    )
