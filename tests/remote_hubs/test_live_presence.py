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


def test_presence_batches_record_joins_hubs_touches_leaves_attendance_and_peaks(live):
    import datetime as dt

    from django.utils import timezone

    from remote_hubs.models import LiveAttendance, LivePresence, LiveRoom
    from remote_hubs.services.live.presence_batch import presence_apply, presence_touch_many

    room = live_services.live_room_for(session=live.session)
    old = timezone.now() - dt.timedelta(minutes=5)
    LivePresence.objects.create(room=room, channel_name="dead", seen_at=old)

    def joined(name, user=None, hub=None):
        return {name: {"room_id": room.pk, "user_id": user and user.pk, "hub_id": hub and hub.pk}}

    presence_apply(
        joins={**joined("c1", live.alice), **joined("c2", live.alice), **joined("anon")},
        hubs={},
        leaves=set(),
    )
    # A stale row of a dead server process is dropped when someone joins.
    assert sorted(LivePresence.objects.values_list("channel_name", "user_id", "hub_id")) == [
        ("anon", None, None),
        ("c1", live.alice.pk, None),
        ("c2", live.alice.pk, None),
    ]
    # Alice's two tabs are one person; the anonymous connection is nobody's attendance.
    assert list(LiveAttendance.objects.values_list("user_id", "hub_id")) == [(live.alice.pk, None)]
    room.refresh_from_db()
    assert (room.peak_connected, room.peak_online) == (3, 3)

    presence_apply(joins=joined("h1", live.hub_coordinator, live.hub), hubs={}, leaves={"anon"})
    presence_apply(joins={}, hubs={"c2": live.hub.pk}, leaves=set())
    assert LivePresence.objects.get(channel_name="c2").hub_id == live.hub.pk
    assert sorted(LiveAttendance.objects.values_list("user_id", "hub_id")) == sorted(
        [(live.alice.pk, live.hub.pk), (live.hub_coordinator.pk, live.hub.pk)]
    )
    room.refresh_from_db()
    # The peak stays the most seen at once: three, then three again (one left, one joined).
    assert (room.peak_connected, room.peak_online) == (3, 3)

    presence_touch_many(channel_names=["c1"], now=old + dt.timedelta(minutes=1))
    assert LivePresence.objects.get(channel_name="c1").seen_at == old + dt.timedelta(minutes=1)
    presence_apply(joins={}, hubs={}, leaves={"c1", "c2", "h1"})
    assert LivePresence.objects.count() == 0
    # What the report needs outlives the connections.
    assert LiveAttendance.objects.count() == 2
    assert LiveRoom.objects.get(pk=room.pk).peak_connected == 3
