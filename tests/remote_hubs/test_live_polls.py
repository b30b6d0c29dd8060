"""Polls: choice, hidden results, rating, word cloud, open text."""

from __future__ import annotations

import json

import pytest
from channels.db import database_sync_to_async

from remote_hubs.models import (
    Poll,
    PollVote,
)
from tests.remote_hubs.conftest import joined

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_single_choice_poll_from_draft_to_closed(live):
    alice, bob = await joined(live, live.alice), await joined(live, live.bob)
    mod = await joined(live, live.moderator)
    await alice.send(type="poll.create", kind="single", question="Q?", options=["a", "b"])
    assert (await alice.next_of("error"))["code"] == "forbidden"
    await mod.send(
        type="poll.create", kind="single", question="Which first?", options=["Access", "Rights"]
    )
    draft = await mod.next_of("poll.created")
    poll_id = draft["poll_id"]
    assert draft["status"] == "draft"
    await alice.send(type="poll.vote", poll_id=poll_id, answer=0)
    assert (await alice.next_of("error"))["code"] == "not_found"  # drafts are invisible
    await mod.send(type="poll.open", poll_id=poll_id)
    opened = await alice.next_of("poll.opened")
    assert opened["options"] == ["Access", "Rights"]
    await alice.send(type="poll.vote", poll_id=poll_id, answer=1)
    assert await alice.next_of("poll.voted") == {"type": "poll.voted", "poll_id": poll_id}
    await alice.send(type="poll.vote", poll_id=poll_id, answer=0)
    assert (await alice.next_of("error"))["code"] == "already_voted"
    await bob.send(type="poll.vote", poll_id=poll_id, answer=7)
    assert (await bob.next_of("error"))["code"] == "invalid"
    await bob.send(type="poll.vote", poll_id=poll_id, answer=1)
    while (tally := await bob.next_of("poll.tally"))["results"]["votes"] < 2:
        pass
    assert tally["results"] == {"votes": 2, "counts": [0, 2]}
    await mod.send(type="poll.close", poll_id=poll_id)
    closed = await bob.next_of("poll.closed")
    assert closed["results"] == {"votes": 2, "counts": [0, 2]}
    await bob.send(type="poll.vote", poll_id=poll_id, answer=0)
    assert (await bob.next_of("error"))["code"] == "poll_closed"
    await mod.send(type="poll.open", poll_id=poll_id)
    assert (await mod.next_of("error"))["code"] == "conflict"
    for client in (alice, bob, mod):
        await client.close()


async def test_hidden_results_reach_only_moderators_until_the_poll_closes(live):
    alice, mod = await joined(live, live.alice), await joined(live, live.moderator)
    await mod.send(
        type="poll.create",
        kind="multiple",
        question="Which?",
        options=["x", "y", "z"],
        results_hidden=True,
    )
    poll_id = (await mod.next_of("poll.created"))["poll_id"]
    await mod.send(type="poll.open", poll_id=poll_id)
    await alice.next_of("poll.opened")
    await alice.send(type="poll.vote", poll_id=poll_id, answer=[2, 0, 2])
    await alice.next_of("poll.voted")
    tally = await mod.next_of("poll.tally")
    while tally["results"]["votes"] < 1:
        tally = await mod.next_of("poll.tally")
    assert tally["results"] == {"votes": 1, "counts": [1, 0, 1]}
    # Marker: alice's own chat line comes back through the room's group after the tally did.
    await alice.send(type="chat.send", text="marker")
    assert await alice.nothing("poll.tally", until="chat.message")
    await mod.send(type="poll.close", poll_id=poll_id)
    closed = await alice.next_of("poll.closed")
    assert closed["results"] == {"votes": 1, "counts": [1, 0, 1]}
    vote = await database_sync_to_async(PollVote.objects.get)()
    assert vote.choices == [0, 2]
    for client in (alice, mod):
        await client.close()


@pytest.mark.parametrize(
    ("kind", "extra", "answers", "bad", "results"),
    [
        (
            "rating",
            {"scale_max": 4},
            [4, 2],
            5,
            {"votes": 2, "counts": [0, 1, 0, 1], "average": 3.0},
        ),
        (
            "wordcloud",
            {},
            ["Trust", "trust "],
            "one two three four",
            {"votes": 2, "words": [["trust", 2]]},
        ),
        (
            "text",
            {},
            ["More hubs", "Captions"],
            "",
            {"votes": 2, "answers": ["More hubs", "Captions"]},
        ),
    ],
)
async def test_rating_word_cloud_and_open_text_polls(live, kind, extra, answers, bad, results):
    alice, bob = await joined(live, live.alice), await joined(live, live.bob)
    mod = await joined(live, live.moderator)
    await mod.send(type="poll.create", kind=kind, question="Your view?", **extra)
    poll_id = (await mod.next_of("poll.created"))["poll_id"]
    await mod.send(type="poll.open", poll_id=poll_id)
    await alice.next_of("poll.opened")
    await alice.send(type="poll.vote", poll_id=poll_id, answer=bad)
    assert (await alice.next_of("error"))["code"] == "invalid"
    for client, answer in zip((alice, bob), answers, strict=True):
        await client.send(type="poll.vote", poll_id=poll_id, answer=answer)
        await client.next_of("poll.voted")
    await mod.send(type="poll.close", poll_id=poll_id)
    closed = await alice.next_of("poll.closed")
    assert json.loads(json.dumps(closed["results"])) == results
    for client in (alice, bob, mod):
        await client.close()


async def test_poll_definitions_are_checked(live):
    mod = await joined(live, live.moderator)
    for message in (
        {"kind": "ranking", "question": "?"},
        {"kind": "single", "question": "?", "options": ["only one"]},
        {"kind": "single", "question": "?", "options": ["a", 3]},
        {"kind": "rating", "question": "?", "scale_max": 11},
    ):
        await mod.send(type="poll.create", **message)
        assert (await mod.next_of("error"))["code"] == "invalid"
    assert await database_sync_to_async(Poll.objects.count)() == 0
    await mod.close()
