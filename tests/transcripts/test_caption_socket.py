"""The captioners' WebSocket input: auth first, then segments, acknowledged, with the HTTP API's
rules (real daphne, PostgreSQL and Redis)."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.transcripts.helpers import captioned_session
from transcripts.models import Segment
from transcripts.services.tokens import token_revoke

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


async def exchange(base_url, session_id, *messages):
    url = base_url.replace("http://", "ws://") + f"/ws/captions/{session_id}/"
    replies = []
    async with connect(url, origin=base_url) as socket:
        for message in messages:
            try:
                await socket.send(json.dumps(message))
                replies.append(json.loads(await asyncio.wait_for(socket.recv(), 10)))
            except ConnectionClosed:  # the server closed after its reply
                break
    return replies


def run(coroutine):
    return asyncio.run(coroutine)


def test_a_captioner_streams_segments_over_a_socket(daphne_server):
    case = captioned_session()
    replies = run(
        exchange(
            daphne_server,
            case.session.pk,
            {"type": "auth", "token": case.secret},
            {"type": "segment", "sequence": 1, "text": "Second", "start": 3, "end": 4},
            {
                "type": "segments",
                "segments": [{"sequence": 0, "text": "First", "start": 1, "end": 2}],
            },
            {"type": "segment", "sequence": 1, "text": "Second", "start": 3, "end": 4},
            {"type": "segment", "sequence": 2, "text": "", "start": 5, "end": 6},
        )
    )
    assert replies == [
        {"type": "ready", "session_id": case.session.pk},
        {"type": "ack", "stored": [1], "corrected": [], "unchanged": []},
        {"type": "ack", "stored": [0], "corrected": [], "unchanged": []},
        {"type": "ack", "stored": [], "corrected": [], "unchanged": [1]},
        {
            "type": "error",
            "code": "invalid",
            "message": "segment 0: text is empty",
            "errors": ["segment 0: text is empty"],
        },
    ]
    assert list(Segment.objects.order_by("sequence").values_list("text", flat=True)) == [
        "First",
        "Second",
    ]


def test_segments_before_auth_or_with_a_revoked_token_are_refused(daphne_server):
    case = captioned_session()
    first = run(
        exchange(daphne_server, case.session.pk, {"type": "segment", "sequence": 0, "text": "x"})
    )
    assert first[0]["code"] == "unauthenticated"
    token_revoke(token=case.token, by=case.captioner)
    second = run(
        exchange(
            daphne_server,
            case.session.pk,
            {"type": "auth", "token": case.secret},
            {"type": "segment", "sequence": 0, "text": "x", "start": 0, "end": 1},
        )
    )
    assert second == [{"type": "error", "code": "unauthenticated", "message": "Invalid token."}]
    assert not Segment.objects.exists()
