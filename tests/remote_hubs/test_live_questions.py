"""Q&A: ask, upvote, anonymous questions, the moderation queue."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from remote_hubs.models import (
    Question,
    QuestionVote,
)
from tests.remote_hubs.conftest import joined

pytestmark = pytest.mark.django_db(transaction=True)


async def test_ask_upvote_once_answer_and_highlight(live):
    alice, bob = await joined(live, live.alice), await joined(live, live.bob)
    mod, anonymous = await joined(live, live.moderator), await joined(live)
    await alice.send(type="question.ask", text="How do hubs get the floor?")
    question = await anonymous.next_of("question.new")
    assert question["author"] == "Alice Ade"
    assert question["status"] == "visible"
    qid = question["question_id"]
    await bob.send(type="question.upvote", question_id=qid)
    assert await bob.next_of("question.upvoted") == {"type": "question.upvoted", "question_id": qid}
    votes = await anonymous.next_of("question.votes")
    assert votes["counts"] == {str(qid): 1}
    await bob.send(type="question.upvote", question_id=qid)
    assert (await bob.next_of("error"))["code"] == "already_voted"
    assert await database_sync_to_async(QuestionVote.objects.count)() == 1

    await bob.send(type="question.highlight", question_id=qid)
    assert (await bob.next_of("error"))["code"] == "forbidden"
    await mod.send(type="question.highlight", question_id=qid)
    highlighted = await anonymous.next_of("question.highlighted")
    assert highlighted["question"]["text"] == "How do hubs get the floor?"
    await mod.send(type="question.answer", question_id=qid)
    assert (await anonymous.next_of("question.answered"))["question_id"] == qid
    await bob.send(type="question.upvote", question_id=qid)
    assert (await bob.next_of("error"))["code"] == "conflict"
    await mod.send(type="question.highlight", question_id=None)
    assert (await anonymous.next_of("question.highlighted"))["question"] is None
    for client in (alice, bob, mod, anonymous):
        await client.close()


async def test_anonymous_questions_only_where_the_forum_allows_them(live):
    from remote_hubs.models import LiveSettings

    alice, bob = await joined(live, live.alice), await joined(live, live.bob)
    await alice.send(type="question.ask", text="Who pays?", anonymous=True)
    item = await bob.next_of("question.new")
    assert (item["author"], item["author_id"], item["anonymous"]) == (None, None, True)
    await database_sync_to_async(LiveSettings.objects.create)(
        forum=live.forum, allow_anonymous_questions=False
    )
    await alice.send(type="question.ask", text="Who pays now?", anonymous=True)
    assert (await alice.next_of("error"))["code"] == "forbidden"
    for client in (alice, bob):
        await client.close()


async def test_the_moderation_queue(live):
    from remote_hubs.models import LiveSettings

    await database_sync_to_async(LiveSettings.objects.create)(
        forum=live.forum, moderate_questions=True
    )
    alice, bob = await joined(live, live.alice), await joined(live, live.bob)
    mod = await joined(live, live.moderator)
    await alice.send(type="question.ask", text="First, held")
    held = await mod.next_of("question.new")
    assert held["status"] == "pending"
    assert (await alice.next_of("question.new"))["status"] == "pending"  # the author sees it
    await alice.send(type="question.ask", text="Second, rejected")
    rejected = await mod.next_of("question.new")
    await bob.send(type="question.approve", question_id=held["question_id"])
    assert (await bob.next_of("error"))["code"] == "forbidden"
    await mod.send(type="question.approve", question_id=held["question_id"])
    published = await bob.next_of("question.published", "question.new")
    assert (published["type"], published["text"]) == ("question.published", "First, held")
    await mod.send(type="question.reject", question_id=rejected["question_id"])
    assert (await alice.next_of("question.rejected"))["question_id"] == rejected["question_id"]
    await mod.send(type="question.approve", question_id=rejected["question_id"])
    assert (await mod.next_of("error"))["code"] == "conflict"
    # Bob saw none of the pending or rejected items.
    await bob.send(type="resume", last_id=0)
    replayed = []
    while (
        frame := await bob.next_of(
            "question.new", "question.published", "question.rejected", "resumed"
        )
    )["type"] != "resumed":
        replayed.append(frame["type"])
    assert replayed == ["question.published"]
    statuses = await database_sync_to_async(
        lambda: sorted(Question.objects.values_list("text", "status"))
    )()
    assert statuses == [("First, held", "visible"), ("Second, rejected", "rejected")]
    for client in (alice, bob, mod):
        await client.close()


async def test_an_anonymous_question_names_neither_the_person_nor_the_hub(live):
    """The coordinator of a hub speaks as the hub: its label would name them."""
    hub, watcher = await joined(live, live.hub_coordinator), await joined(live)
    mod = await joined(live, live.moderator)
    await hub.send(type="question.ask", text="Who funds hubs?", anonymous=True)
    asked = await watcher.next_of("question.new")
    hidden = {"author": None, "author_id": None, "hub": None, "hub_id": None, "hub_city": None}
    assert {key: asked[key] for key in hidden} == hidden
    await mod.send(type="question.highlight", question_id=asked["question_id"])
    shown = (await watcher.next_of("question.highlighted"))["question"]
    assert {key: shown[key] for key in hidden} == hidden
    await watcher.send(type="resume", last_id=0)
    replayed = await watcher.next_of("question.new")
    assert {key: replayed[key] for key in hidden} == hidden
    for client in (hub, watcher, mod):
        await client.close()


async def test_nobody_upvotes_their_own_question_and_a_socket_knows_its_votes(live):
    alice, bob = await joined(live, live.alice), await joined(live, live.bob)
    await alice.send(type="question.ask", text="Mine")
    qid = (await alice.next_of("question.new"))["question_id"]
    await alice.send(type="question.upvote", question_id=qid)
    assert await alice.next_of("error") == {
        "type": "error",
        "code": "forbidden",
        "message": "You cannot upvote your own question.",
    }
    await bob.send(type="question.upvote", question_id=qid)
    await bob.next_of("question.upvoted")
    assert await database_sync_to_async(QuestionVote.objects.count)() == 1
    # A new socket of Bob's (a reload) hears which questions he upvoted already.
    again = await joined(live, live.bob)
    assert await again.next_of("mine") == {
        "type": "mine",
        "asked": [],
        "upvoted": [qid],
        "voted": [],
    }
    for client in (alice, bob, again):
        await client.close()


async def test_the_asker_of_an_anonymous_question_is_told_it_is_theirs(live):
    """The item names no author, so the asker alone hears the id back, and again in ``mine`` after
    a reload: their page offers no upvote on their own question (the server refuses one)."""
    alice, bob = await joined(live, live.alice), await joined(live, live.bob)
    await alice.send(type="question.ask", text="Who pays?", anonymous=True)
    asked = await alice.next_of("question.asked")
    item = await bob.next_of("question.new")
    assert asked == {"type": "question.asked", "question_id": item["question_id"]}
    await alice.close()
    again = await joined(live, live.alice)
    mine = await again.next_of("mine")
    assert mine["asked"] == [item["question_id"]]
    other = await joined(live, live.bob)
    assert (await other.next_of("mine"))["asked"] == []
    for client in (again, bob, other):
        await client.close()
