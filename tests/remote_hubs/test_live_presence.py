"""Captions, presence, resume and the repair of lost doorbells."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from remote_hubs.models import (
    LiveEvent,
)
from remote_hubs.services import live as live_services
from tests.factories import ForumRole, UserFactory, grant
from tests.remote_hubs.conftest import joined

pytestmark = pytest.mark.django_db(transaction=True)


async def test_captions_come_from_the_transcripts_app_not_the_room_socket(live):
    # Captioners send segments to transcripts' API or socket (tests/transcripts); the live room
    # only carries them out. A caption sent into the room's own socket is an unknown type.
    captioner = await database_sync_to_async(UserFactory)(name="Cara Captioner")
    await database_sync_to_async(grant)(captioner, live.forum, ForumRole.Role.CAPTIONER)
    writer = await joined(live, captioner)
    await writer.send(type="caption.send", text="Welcome to the session.")
    assert (await writer.next_of("error"))["code"] == "unknown_type"
    await writer.close()
    assert not await database_sync_to_async(
        LiveEvent.objects.filter(type="caption.segment").exists
    )()


async def test_presence_counts_connections_and_hubs(live):
    first = await joined(live)
    hub = await joined(live, live.hub_coordinator)
    while (presence := await first.next_of("presence"))["connected"] != 2:
        pass
    assert presence["hubs"] == [
        {"hub_id": live.hub.pk, "hub": "Lagos hub", "hub_city": "Lagos", "people": 0}
    ]
    await hub.close()
    while (presence := await first.next_of("presence"))["connected"] != 1:
        pass
    assert presence["hubs"] == []
    await first.close()


async def test_resume_sends_exactly_the_items_after_last_id_in_order(live):
    alice = await joined(live, live.alice)
    for n in range(5):
        await database_sync_to_async(live_services.chat_send)(
            room=await database_sync_to_async(live_services.live_room_for)(session=live.session),
            by=live.bob,
            text=f"line {n}",
        )
    # The room's subscriber in this process has delivered them (welcome reports its last id).
    for _ in range(5):
        await alice.next_of("chat.message")
    late = await joined(live, live.alice)
    assert late.welcome["last_id"] == 5
    await late.send(type="resume", last_id=2)
    frames = [await late.next_of("chat.message", "resumed") for _ in range(4)]
    assert [(f["id"], f["text"]) for f in frames[:3]] == [
        (3, "line 2"),
        (4, "line 3"),
        (5, "line 4"),
    ]
    assert frames[3] == {"type": "resumed", "last_id": 5}
    await alice.close()
    await late.close()


async def test_a_lost_doorbell_is_repaired_from_the_log(live):
    """Items written without a doorbell (as when the channel layer drops one) reach the client
    with the next doorbell, in order."""
    from django.db import transaction

    from remote_hubs.services.live.events import event_append

    alice = await joined(live, live.alice)

    def write_silently():
        room = live_services.live_room_for(session=live.session)
        with transaction.atomic():
            event_append(room=room, type="caption.segment", payload={"text": "lost"})
            # Forget the doorbell: as if the channel layer had dropped it.
            transaction.get_connection().run_on_commit = []

    await database_sync_to_async(write_silently)()
    await alice.send(type="chat.send", text="next")
    first = await alice.next_of("caption.segment", "chat.message")
    second = await alice.next_of("caption.segment", "chat.message")
    assert [(first["id"], first["type"]), (second["id"], second["type"])] == [
        (1, "caption.segment"),
        (2, "chat.message"),
    ]
    assert await database_sync_to_async(LiveEvent.objects.count)() == 2
    await alice.close()


def test_presence_services_record_join_hub_touch_and_leave(live):
    import datetime as dt

    from django.utils import timezone

    from remote_hubs.models import LivePresence
    from remote_hubs.services.live import presence

    room = live_services.live_room_for(session=live.session)
    old = timezone.now() - dt.timedelta(minutes=5)
    LivePresence.objects.create(room=room, channel_name="dead", seen_at=old)
    presence.presence_join(room=room, channel_name="c1", user=live.alice, hub=None)
    # A stale row of a dead server process is dropped when someone joins.
    assert list(LivePresence.objects.values_list("channel_name", "user_id", "hub_id")) == [
        ("c1", live.alice.pk, None)
    ]
    presence.presence_set_hub(channel_name="c1", hub=live.hub)
    assert LivePresence.objects.get(channel_name="c1").hub_id == live.hub.pk
    presence.presence_touch(channel_name="c1", now=old + dt.timedelta(minutes=1))
    assert LivePresence.objects.get(channel_name="c1").seen_at == old + dt.timedelta(minutes=1)
    presence.presence_leave(channel_name="c1")
    assert LivePresence.objects.count() == 0
