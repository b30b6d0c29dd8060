"""The captioners' WebSocket input, for captioning software that keeps a connection open.

Connect to ``/ws/captions/<session_id>/`` (with an ``Origin`` of the site), send
``{"type": "auth", "token": "plc_…"}`` first, then ``{"type": "segments", "segments": [...]}``
(or one segment with ``"type": "segment"``). Each message is answered with ``{"type": "ack",
"stored": [...], "corrected": [...], "unchanged": [...]}`` or ``{"type": "error", ...}``. The
rules are the HTTP API's (transcripts/views/api.py)."""

from __future__ import annotations

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.core.exceptions import PermissionDenied, ValidationError

from sessions.models import Session
from transcripts.services.segments import segments_from_payload, segments_store
from transcripts.services.tokens import token_authenticate

MAX_FRAME = 256 * 1024


class CaptionInputConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        self.session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        self.token = None
        self.session = None
        await self.accept()

    async def reply(self, **frame) -> None:
        await self.send(text_data=json.dumps(frame, separators=(",", ":")))

    @database_sync_to_async
    def _authenticate(self, raw):
        token = token_authenticate(raw if isinstance(raw, str) else None)
        if token is None:
            return None, None
        session = (
            Session.objects.select_related("forum", "room")
            .filter(pk=self.session_id, forum_id=token.forum_id)
            .first()
        )
        return token, session

    @database_sync_to_async
    def _store(self, payload):
        items = segments_from_payload(payload)
        return segments_store(session=self.session, by=self.token.user, segments=items).as_dict()

    async def receive(self, text_data=None, bytes_data=None) -> None:
        if text_data is None or len(text_data) > MAX_FRAME:
            await self.reply(type="error", code="invalid", message="Send JSON text frames.")
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            await self.reply(type="error", code="bad_json", message="The frame is not JSON.")
            return
        kind = message.get("type") if isinstance(message, dict) else None
        if self.token is None:
            if kind != "auth":
                await self.reply(type="error", code="unauthenticated", message="Send auth first.")
                await self.close(code=4401)
                return
            self.token, self.session = await self._authenticate(message.get("token"))
            if self.token is None or self.session is None:
                await self.reply(type="error", code="unauthenticated", message="Invalid token.")
                await self.close(code=4401)
                return
            await self.reply(type="ready", session_id=self.session_id)
            return
        if kind not in ("segment", "segments"):
            await self.reply(type="error", code="invalid", message="Unknown message type.")
            return
        payload = {k: v for k, v in message.items() if k != "type"}
        try:
            result = await self._store(payload)
        except PermissionDenied as error:
            await self.reply(type="error", code="forbidden", message=str(error))
            await self.close(code=4403)
            return
        except ValidationError as error:
            await self.reply(
                type="error", code="invalid", message=error.messages[0], errors=error.messages
            )
            return
        await self.reply(type="ack", **result)
