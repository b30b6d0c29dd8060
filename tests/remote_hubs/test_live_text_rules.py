"""The live protocol applies the one text rule (forum.validators) to every text field it takes: a
NUL character gets an error frame and nothing is stored (PostgreSQL would refuse it)."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from forum.validators import NUL_MESSAGE
from remote_hubs.models import ChatMessage
from tests.remote_hubs.conftest import joined

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_chat_line_with_nul_gets_an_error_and_nothing_is_stored(live):
    client = await joined(live, live.alice)
    await client.send(type="chat.send", text="Hello\x00from Accra")
    error = await client.next_of("error")
    assert error["code"] == "invalid"
    assert str(NUL_MESSAGE) in error["message"]
    assert await database_sync_to_async(ChatMessage.objects.count)() == 0
    # The socket stays usable: the next clean line goes through.
    await client.send(type="chat.send", text="Hello from Accra")
    assert (await client.next_of("chat.message"))["text"] == "Hello from Accra"
    await client.close()
