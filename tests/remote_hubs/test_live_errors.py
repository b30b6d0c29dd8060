"""Refused messages: size, schema, type; the socket stays usable."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from remote_hubs.models import (
    ChatMessage,
)
from tests.remote_hubs.conftest import joined

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", "bad_json"),
        ("[1, 2]", "invalid"),
        ('{"text": "no type"}', "invalid"),
        ('{"type": "launch.rockets"}', "unknown_type"),
        ('{"type": "chat.send"}', "invalid"),
        ('{"type": "chat.send", "text": 5}', "invalid"),
        ('{"type": "chat.send", "text": "hi", "extra": 1}', "invalid"),
        ('{"type": "resume", "last_id": true}', "invalid"),
        ('{"type": "resume", "last_id": -1}', "invalid"),
        ('{"type": "chat.send", "text": "   "}', "invalid"),
        ('{"type": "question.upvote", "question_id": "1"}', "invalid"),
    ],
)
async def test_bad_messages_get_an_error_and_the_socket_stays_usable(live, frame, code):
    client = await joined(live, live.alice)
    await client.comm.send_to(text_data=frame)
    error = await client.next_of("error")
    assert error["code"] == code
    await client.send(type="ping")
    assert await client.next_of("pong") == {"type": "pong", "last_id": 0}
    await client.close()


async def test_a_frame_over_the_size_limit_is_refused(live):
    client = await joined(live, live.alice)
    await client.send(type="chat.send", text="x" * 5000)
    assert (await client.next_of("error"))["code"] == "too_large"
    await client.send(type="chat.send", text="x" * 1001)
    assert (await client.next_of("error"))["code"] == "too_long"
    assert await database_sync_to_async(ChatMessage.objects.count)() == 0
    await client.close()


async def test_binary_frames_are_refused(live):
    client = await joined(live, live.alice)
    await client.comm.send_to(bytes_data=b"\x00\x01")
    assert (await client.next_of("error"))["code"] == "invalid"
    await client.close()


async def test_the_ref_of_a_refused_message_comes_back(live):
    client = await joined(live, live.alice)
    await client.send(type="chat.delete", message_id=1, ref="r-17")
    assert await client.next_of("error") == {
        "type": "error",
        "code": "forbidden",
        "message": "Only the session's moderators may do this.",
        "ref": "r-17",
    }
    await client.close()
