"""Anonymous viewers' handshakes share one read of the room's access per process and second, so a
room fills quickly at the start of a main session, and the access rule still decides."""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async

from remote_hubs import consumers

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_cache():
    consumers.anonymous_accesses.clear()
    yield
    consumers.anonymous_accesses.clear()


async def test_handshakes_arriving_together_share_one_read(live):
    accesses = await asyncio.gather(
        *(consumers.anonymous_access(live.session.pk) for _ in range(50))
    )
    assert accesses[0] is not None and accesses[0].session.pk == live.session.pk
    assert all(access is accesses[0] for access in accesses)
    assert not accesses[0].moderator and not accesses[0].participant


async def test_the_shared_read_expires(live, monkeypatch):
    monkeypatch.setattr(consumers.anonymous_accesses, "max_age", 0.05)
    first = await consumers.anonymous_access(live.session.pk)
    await asyncio.sleep(0.1)
    assert await consumers.anonymous_access(live.session.pk) is not first


async def test_a_session_anonymous_viewers_may_not_watch_is_refused(live):
    live.session.is_public = False
    await database_sync_to_async(live.session.save)()
    assert await consumers.anonymous_access(live.session.pk) is None
