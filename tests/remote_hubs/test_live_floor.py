"""The floor queue of hubs and attendance reports."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from remote_hubs.models import (
    FloorRequest,
    HubAttendance,
)
from tests.remote_hubs.conftest import joined

pytestmark = pytest.mark.django_db(transaction=True)


async def test_hubs_request_the_floor_and_the_moderator_works_through_the_queue(live):
    hub, alice = await joined(live, live.hub_coordinator), await joined(live, live.alice)
    mod = await joined(live, live.moderator)
    await alice.send(type="floor.request")
    assert (await alice.next_of("error"))["code"] == "no_hub"
    # Following from the hub is not speaking for it.
    await alice.send(type="hub.select", hub_id=live.hub.pk)
    await alice.next_of("hub.selected")
    await alice.send(type="floor.request")
    assert (await alice.next_of("error"))["code"] == "forbidden"
    await hub.send(type="floor.request")
    request = await mod.next_of("floor.requested")
    assert (request["hub"], request["status"], request["by"]) == (
        "Lagos hub",
        "waiting",
        "Hana Hub",
    )
    await hub.send(type="floor.request")
    assert (await hub.next_of("error"))["code"] == "conflict"
    await hub.send(type="floor.grant", request_id=request["request_id"])
    assert (await hub.next_of("error"))["code"] == "forbidden"
    await mod.send(type="floor.grant", request_id=request["request_id"])
    assert (await alice.next_of("floor.updated"))["status"] == "granted"
    await hub.send(type="floor.withdraw", request_id=request["request_id"])
    assert (await hub.next_of("error"))["code"] == "conflict"
    await mod.send(type="floor.done", request_id=request["request_id"])
    assert (await alice.next_of("floor.updated"))["status"] == "done"
    # The hub may queue again, and withdraw.
    await hub.send(type="floor.request")
    second = await hub.next_of("floor.requested")
    await alice.send(type="floor.withdraw", request_id=second["request_id"])
    assert (await alice.next_of("error"))["code"] == "forbidden"
    await hub.send(type="floor.withdraw", request_id=second["request_id"])
    seen_by_moderator = [(await mod.next_of("floor.updated"))["status"] for _ in range(3)]
    assert seen_by_moderator == ["granted", "done", "withdrawn"]
    statuses = await database_sync_to_async(
        lambda: list(FloorRequest.objects.order_by("pk").values_list("status", flat=True))
    )()
    assert statuses == ["done", "withdrawn"]
    for client in (hub, alice, mod):
        await client.close()


async def test_hub_coordinators_report_people_present(live):
    hub, anonymous = await joined(live, live.hub_coordinator), await joined(live)
    await hub.send(type="hub.attendance", people=23)
    while (presence := await anonymous.next_of("presence"))["hub_people"] != 23:
        pass
    assert presence["hubs"] == [
        {"hub_id": live.hub.pk, "hub": "Lagos hub", "hub_city": "Lagos", "people": 23}
    ]
    alice = await joined(live, live.alice)
    await alice.send(type="hub.attendance", people=5)
    assert (await alice.next_of("error"))["code"] == "no_hub"
    await alice.send(type="hub.select", hub_id=live.hub.pk)
    await alice.next_of("hub.selected")
    await alice.send(type="hub.attendance", people=5)
    assert (await alice.next_of("error"))["code"] == "forbidden"  # only the coordinator
    assert await database_sync_to_async(HubAttendance.objects.count)() == 1
    for client in (hub, anonymous, alice):
        await client.close()
