"""Chat: lines with author and hub, who may write, deletion and muting."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from registration.models import Registration
from remote_hubs.models import (
    Mute,
)
from tests.remote_hubs.conftest import joined

pytestmark = pytest.mark.django_db(transaction=True)


async def test_chat_reaches_everyone_with_author_and_hub(live):
    alice, watcher = await joined(live, live.alice), await joined(live)
    hub = await joined(live, live.hub_coordinator)
    await alice.send(type="chat.send", text="<b>Hello</b> from Accra")
    for client in (alice, watcher, hub):
        item = await client.next_of("chat.message")
        assert item["id"] == 1
        assert item["text"] == "<b>Hello</b> from Accra"  # stored as typed; escaped on render
        assert item["author"] == "Alice Ade"
        assert item["hub"] is None
    await hub.send(type="chat.send", text="Lagos is here")
    item = await alice.next_of("chat.message")
    assert (item["id"], item["author"], item["hub"], item["hub_id"]) == (
        2,
        "Hana Hub",
        "Lagos hub",
        live.hub.pk,
    )
    for client in (alice, watcher, hub):
        await client.close()


async def test_a_participant_may_choose_the_hub_they_follow_from(live):
    alice = await joined(live, live.alice)
    await alice.send(type="hub.select", hub_id=live.hub.pk)
    assert (await alice.next_of("hub.selected"))["hub"] == {
        "hub_id": live.hub.pk,
        "hub": "Lagos hub",
        "hub_city": "Lagos",
    }
    await alice.send(type="chat.send", text="with the hub")
    assert (await alice.next_of("chat.message"))["hub"] == "Lagos hub"
    await alice.send(type="hub.select", hub_id=live.hub.pk + 99)
    assert (await alice.next_of("error"))["code"] == "not_found"
    await alice.close()


async def test_a_signed_in_watcher_cannot_write(live):
    watcher = await joined(live, live.watcher)
    assert watcher.welcome["participant"] is False
    for message in (
        {"type": "chat.send", "text": "hi"},
        {"type": "question.ask", "text": "why?"},
    ):
        await watcher.send(**message)
        assert (await watcher.next_of("error"))["code"] == "forbidden"
    await watcher.close()


async def test_a_cancelled_registration_stops_writing_on_the_next_message(live):
    alice = await joined(live, live.alice)
    await alice.send(type="chat.send", text="before")
    await alice.next_of("chat.message")
    await database_sync_to_async(Registration.objects.filter(user=live.alice).update)(
        status=Registration.Status.CANCELLED
    )
    await alice.send(type="chat.send", text="after")
    assert (await alice.next_of("error"))["code"] == "forbidden"
    await alice.close()


async def test_moderators_delete_messages_and_replays_do_not_bring_them_back(live):
    alice, mod = await joined(live, live.alice), await joined(live, live.moderator)
    await alice.send(type="chat.send", text="something rude")
    message_id = (await mod.next_of("chat.message"))["message_id"]
    await alice.send(type="chat.delete", message_id=message_id)
    assert (await alice.next_of("error"))["code"] == "forbidden"
    await mod.send(type="chat.delete", message_id=message_id)
    assert await alice.next_of("chat.deleted") == {
        "type": "chat.deleted",
        "id": 2,
        "message_id": message_id,
    }
    await mod.send(type="chat.delete", message_id=message_id)
    assert (await mod.next_of("error"))["code"] == "conflict"
    await mod.send(type="chat.delete", message_id=message_id + 50)
    assert (await mod.next_of("error"))["code"] == "not_found"
    await alice.send(type="resume", last_id=0)
    first = await alice.next_of("chat.message")
    assert first == {"type": "chat.message", "id": 1, "message_id": message_id, "deleted": True}
    for client in (alice, mod):
        await client.close()


async def test_moderators_mute_and_unmute_people(live):
    alice, mod = await joined(live, live.alice), await joined(live, live.moderator)
    await alice.send(type="user.mute", user_id=live.bob.pk)
    assert (await alice.next_of("error"))["code"] == "forbidden"
    await mod.send(type="user.mute", user_id=live.alice.pk)
    muted = await mod.next_of("user.muted")
    assert (muted["user_id"], muted["name"]) == (live.alice.pk, "Alice Ade")
    # The muted person is told; other participants are not.
    assert (await alice.next_of("user.muted"))["user_id"] == live.alice.pk
    await alice.send(type="chat.send", text="can I speak?")
    assert (await alice.next_of("error"))["code"] == "muted"
    await alice.send(type="question.ask", text="can I ask?")
    assert (await alice.next_of("error"))["code"] == "muted"
    await mod.send(type="user.mute", user_id=live.alice.pk, muted=False)
    await mod.next_of("user.unmuted")
    await alice.send(type="chat.send", text="thanks")
    assert (await alice.next_of("chat.message"))["text"] == "thanks"
    assert await database_sync_to_async(Mute.objects.count)() == 0
    await mod.send(type="user.mute", user_id=999999)
    assert (await mod.next_of("error"))["code"] == "not_found"
    for client in (alice, mod):
        await client.close()


async def test_moderator_only_items_do_not_reach_participants(live):
    bob, mod = await joined(live, live.bob), await joined(live, live.moderator)
    await mod.send(type="user.mute", user_id=live.alice.pk)
    await mod.next_of("user.muted")
    await mod.send(type="chat.send", text="visible")
    item = await bob.next_of("chat.message", "user.muted")
    assert (item["type"], item["id"]) == ("chat.message", 2)
    for client in (bob, mod):
        await client.close()
