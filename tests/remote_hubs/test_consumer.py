"""The live room's consumer, message by message, with WebsocketCommunicator."""

from __future__ import annotations

import json

import pytest
from channels.db import database_sync_to_async

from registration.models import Registration
from remote_hubs.models import (
    ChatMessage,
    FloorRequest,
    HubAttendance,
    LiveEvent,
    Mute,
    Poll,
    PollVote,
    Question,
    QuestionVote,
)
from remote_hubs.services import live as live_services
from tests.factories import ForumRole, UserFactory, grant
from tests.remote_hubs.conftest import Client

pytestmark = pytest.mark.django_db(transaction=True)


async def joined(live, user=None) -> Client:
    client = Client(live.session.pk, user)
    assert await client.connect()
    return client


# --- Handshake ----------------------------------------------------------------------------------


async def test_welcome_tells_the_last_id_and_the_persons_rights(live):
    mod = await joined(live, live.moderator)
    assert mod.welcome == {
        "type": "welcome",
        "last_id": 0,
        "session_id": live.session.pk,
        "user": {"id": live.moderator.pk, "name": "Mona Moderator"},
        "moderator": True,
        "participant": True,
        "hub": None,
    }
    presence = await mod.next_of("presence")
    assert presence == {"type": "presence", "connected": 1, "hubs": [], "hub_people": 0}
    await mod.close()


async def test_a_hub_coordinator_connects_as_the_hub(live):
    client = await joined(live, live.hub_coordinator)
    assert client.welcome["hub"] == {"hub_id": live.hub.pk, "hub": "Lagos hub"}
    assert client.welcome["participant"] is True
    await client.close()


async def test_anyone_watches_a_public_session_read_only(live):
    anonymous = await joined(live)
    assert anonymous.welcome["user"] is None
    assert anonymous.welcome["participant"] is False
    await anonymous.send(type="chat.send", text="hello")
    assert await anonymous.next_of("error") == {
        "type": "error",
        "code": "login_required",
        "message": "Log in to take part.",
    }
    await anonymous.close()


async def test_a_non_public_session_refuses_people_without_rights(live):
    live.session.is_public = False
    await database_sync_to_async(live.session.save)()
    assert not await Client(live.session.pk).connect()
    assert not await Client(live.session.pk, live.watcher).connect()
    participant = Client(live.session.pk, live.alice)
    assert await participant.connect()
    await participant.close()


async def test_an_unknown_session_is_refused(live):
    assert not await Client(live.session.pk + 1000).connect()


async def test_the_handshake_checks_the_origin(live, full_app):
    from django.contrib.auth.models import AnonymousUser  # noqa: F401 - scope set by middleware

    bad = Client(live.session.pk, app=full_app, headers=[(b"origin", b"https://evil.example")])
    assert not await bad.connect()
    good = Client(live.session.pk, app=full_app, headers=[(b"origin", b"http://testserver")])
    assert await good.connect()
    await good.close()


# --- Errors: size, schema, type, rate -----------------------------------------------------------


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


async def test_each_person_is_rate_limited(live, settings):
    settings.LIVE_RATE_LIMITS = {"any": (40, 60), "write": (3, 60)}
    client = await joined(live, live.alice)
    for n in range(3):
        await client.send(type="chat.send", text=f"line {n}")
        assert (await client.next_of("chat.message"))["text"] == f"line {n}"
    await client.send(type="chat.send", text="one too many")
    assert (await client.next_of("error"))["code"] == "rate_limited"
    # A second connection of the same person shares the limit.
    second = await joined(live, live.alice)
    await second.send(type="question.ask", text="still me")
    assert (await second.next_of("error"))["code"] == "rate_limited"
    assert await database_sync_to_async(ChatMessage.objects.count)() == 3
    await client.close()
    await second.close()


# --- Chat ---------------------------------------------------------------------------------------


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


# --- Questions ----------------------------------------------------------------------------------


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


# --- The floor queue ----------------------------------------------------------------------------


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
    assert presence["hubs"] == [{"hub_id": live.hub.pk, "hub": "Lagos hub", "people": 23}]
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


# --- Polls --------------------------------------------------------------------------------------


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


# --- Captions, presence, resume -----------------------------------------------------------------


async def test_captioners_send_caption_segments(live):
    captioner = await database_sync_to_async(UserFactory)(name="Cara Captioner")
    await database_sync_to_async(grant)(captioner, live.forum, ForumRole.Role.CAPTIONER)
    writer, anonymous = await joined(live, captioner), await joined(live)
    alice = await joined(live, live.alice)
    await alice.send(type="caption.send", text="fake")
    assert (await alice.next_of("error"))["code"] == "forbidden"
    await writer.send(type="caption.send", text="Welcome to the session.", language="en")
    segment = await anonymous.next_of("caption.segment")
    assert (segment["text"], segment["language"]) == ("Welcome to the session.", "en")
    for client in (writer, anonymous, alice):
        await client.close()


async def test_presence_counts_connections_and_hubs(live):
    first = await joined(live)
    hub = await joined(live, live.hub_coordinator)
    while (presence := await first.next_of("presence"))["connected"] != 2:
        pass
    assert presence["hubs"] == [{"hub_id": live.hub.pk, "hub": "Lagos hub", "people": 0}]
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


# --- The services the consumer calls: routes, presence, the rate limit -------------------------


def test_the_app_registers_its_route_and_the_forum_routes_it():
    from forum import routing
    from remote_hubs.consumers import LiveRoomConsumer
    from remote_hubs.routing import websocket_urlpatterns

    assert "remote_hubs.routing.websocket_urlpatterns" in routing._ROUTE_LISTS
    routes = routing.websocket_urlpatterns()
    assert routes == websocket_urlpatterns
    assert [str(route.pattern) for route in routes] == ["ws/live/<int:session_id>/"]
    assert routes[0].callback.consumer_class is LiveRoomConsumer


async def test_the_forums_application_routes_the_live_room(live):
    from forum.routing import build_application

    async def no_http(scope, receive, send):  # pragma: no cover - never called
        raise AssertionError("HTTP")

    client = Client(
        live.session.pk,
        live.alice,
        app=build_application(no_http),
        headers=[(b"origin", b"http://testserver")],
    )
    assert await client.connect()
    assert client.welcome["participant"] is True
    await client.close()


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


async def test_the_rate_limit_service_counts_per_person_and_per_bucket(live, settings):
    from django.contrib.auth.models import AnonymousUser

    from remote_hubs.services.live.base import LiveError
    from remote_hubs.services.live.limits import rate_limit

    settings.LIVE_RATE_LIMITS = {"any": (3, 60), "write": (1, 60)}
    await rate_limit(user=live.bob, channel_name="b1", write=True)
    with pytest.raises(LiveError) as refused:
        await rate_limit(user=live.bob, channel_name="b2", write=True)
    assert refused.value.code == "rate_limited"
    # Reads count only against "any": one more fits, then that bucket is full too.
    await rate_limit(user=live.bob, channel_name="b1", write=False)
    with pytest.raises(LiveError):
        await rate_limit(user=live.bob, channel_name="b1", write=False)
    # Someone else, and an anonymous connection (counted by its channel), have their own counts.
    await rate_limit(user=live.alice, channel_name="a1", write=True)
    await rate_limit(user=AnonymousUser(), channel_name="anon-1", write=False)
