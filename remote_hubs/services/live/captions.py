"""Live captions: captioners append segments (the transcripts issue builds the tools on this)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from forum.rules import is_captioner, is_secretariat
from remote_hubs.models import LiveRoom
from remote_hubs.services.live.base import LiveError, clean_text, fresh
from remote_hubs.services.live.events import event_append


def caption_append(
    *, room: LiveRoom, by, text: Any, language: str = "en", now: dt.datetime | None = None
):
    """A segment of live captions (the transcripts issue fills these from the captioners)."""
    now = now or timezone.now()
    text = clean_text(text, 2000, "caption")
    fresh(by)
    forum = room.session.forum
    if not (is_captioner.test(by, forum) or is_secretariat.test(by, forum)):
        raise LiveError("forbidden", "Only captioners write captions.")
    with transaction.atomic():
        return event_append(
            room=room,
            type="caption.segment",
            payload={"text": text, "language": language[:8], "at": now.isoformat()},
            now=now,
        )
