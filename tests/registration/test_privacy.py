"""A participant's own data: the JSON export holds everything and is theirs alone; deleting the
account removes them and keeps their live-room contributions, from a former participant."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forum.models import User
from registration.models import Registration
from registration.services import privacy, registering
from remote_hubs.models import ChatMessage, LiveEvent, Question
from remote_hubs.services.live import base, chat
from remote_hubs.services.live import questions as qa
from remote_hubs.services.live.presence_batch import presence_apply
from tests.factories import PASSWORD, UserFactory
from tests.registration.helpers import NOTICE_VERSION, open_forum
from tests.sessions.factories import ProposalFactory, ProposalPersonFactory, SessionFactory

pytestmark = pytest.mark.django_db


def registered(forum, **details):
    user = UserFactory(name="Ines Ito")
    registering.registration_submit(
        forum=forum, by=user, attendance="online", consent=True, details=details
    )
    return user


def test_the_export_holds_the_account_and_registrations(client):
    forum = open_forum()
    user = registered(forum, accessibility_needs="Captions, please", first_time=True)
    client.force_login(user)
    response = client.get(reverse("account_data_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="plenaria-my-data.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == user.email
    assert data["account"]["regional_group"] == "african"
    [reg] = data["registrations"]
    assert reg["forum"] == forum.slug
    assert reg["accessibility_needs"] == "Captions, please"
    assert reg["privacy_notice_version"] == NOTICE_VERSION
    assert reg["first_time"] is True


def test_the_export_holds_the_proposals_and_the_live_room_contributions(client):
    forum = open_forum()
    user = registered(forum)
    other = registered(forum)
    mine = ProposalFactory(forum=forum, created_by=user, title="Community networks")
    named = ProposalFactory(forum=forum, created_by=other, title="Open data")
    ProposalPersonFactory(proposal=named, user=user, email=user.email)
    ProposalFactory(forum=forum, created_by=other, title="Not theirs")
    room = base.live_room_for(session=SessionFactory(forum=forum, title="Day 0"))
    chat.chat_send(room=room, by=user, text="Greetings from Lagos")
    chat.chat_send(room=room, by=other, text="Someone else's line")
    qa.question_ask(room=room, by=user, text="Who funds community networks?")
    joins = {
        f"c{n}": {"room_id": room.pk, "user_id": who.pk, "hub_id": None}
        for n, who in enumerate([user, other])
    }
    presence_apply(joins=joins, hubs={}, leaves=set())
    client.force_login(user)
    data = json.loads(client.get(reverse("account_data_export")).content)
    assert [(p["title"], p["your_roles"]) for p in data["proposals"]] == [
        (mine.title, ["created_by", "organizer"]),
        (named.title, ["speaker (provisional)"]),
    ]
    live = data["live_rooms"]
    assert [(m["session"], m["text"]) for m in live["chat_messages"]] == [
        ("Day 0", "Greetings from Lagos")
    ]
    assert [q["text"] for q in live["questions"]] == ["Who funds community networks?"]
    assert live["question_votes"] == [] and live["poll_votes"] == []
    assert [(a["session"], a["hub"]) for a in live["sessions_followed"]] == [("Day 0", None)]


def test_the_export_is_only_for_its_owner(client):
    user, other = UserFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        privacy.participant_data_export(user=user, by=other)
    assert client.get(reverse("account_data_export")).status_code == 302  # to the login page


def test_deleting_the_account_keeps_live_contributions_from_a_former_participant(client):
    forum = open_forum()
    user = registered(forum)
    room = base.live_room_for(session=SessionFactory(forum=forum))
    message = chat.chat_send(room=room, by=user, text="Greetings from Lagos")
    question = qa.question_ask(room=room, by=user, text="Who funds community networks?")
    client.force_login(user)
    refused = client.post(reverse("account_delete"), {"password": "wrong"})
    assert refused.status_code == 200
    assert "This is not your password." in refused.content.decode()
    assert User.objects.filter(pk=user.pk).exists()

    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Registration.objects.filter(forum=forum).exists()
    message.refresh_from_db()
    question.refresh_from_db()
    assert (message.author_id, message.text) == (None, "Greetings from Lagos")
    assert question.author_id is None
    assert qa.question_payload(question)["author"] == "former participant"
    payloads = [e.payload for e in LiveEvent.objects.filter(room=room, type="chat.message")]
    assert [(p["author"], p["author_id"]) for p in payloads] == [("former participant", None)]
    assert not LiveEvent.objects.filter(payload__contains="Ines Ito").exists()
    assert ChatMessage.objects.count() == 1 and Question.objects.count() == 1


def test_deleting_needs_the_password_and_is_for_the_owner_only():
    user, other = UserFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        privacy.account_delete(user=user, by=other, password=PASSWORD)
    with pytest.raises(ValidationError):
        privacy.account_delete(user=user, by=user, password="nope")
    privacy.account_delete(user=user, by=user, password=PASSWORD)
    assert not User.objects.filter(pk=user.pk).exists()
