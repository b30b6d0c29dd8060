"""Captions in through the HTTP API: the token names the captioner, only captioners of the
session write, a segment sent twice is stored once, order is by sequence, corrections replace."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from remote_hubs.models import LiveEvent
from tests.factories import ForumFactory, RoomFactory, UserFactory, grant
from tests.sessions.factories import SessionFactory
from tests.transcripts.helpers import captioned_session
from transcripts.models import Segment
from transcripts.services.editing import transcript_publish
from transcripts.services.tokens import token_create, token_revoke

pytestmark = pytest.mark.django_db


def post(client, session_id, payload, secret=None, **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    return client.post(
        f"/api/captions/v1/sessions/{session_id}/segments",
        data=json.dumps(payload),
        content_type="application/json",
        **headers,
        **extra,
    )


def segment(sequence, text="Hello", start=1.0, end=2.5, **more):
    return {"sequence": sequence, "text": text, "start": start, "end": end, **more}


def test_a_segment_is_stored_and_broadcast_to_the_live_room(client):
    case = captioned_session()
    response = post(client, case.session.pk, segment(0, "Welcome, everyone."), case.secret)
    assert response.status_code == 200, response.content
    assert response.json() == {"stored": [0], "corrected": [], "unchanged": []}
    row = Segment.objects.get()
    assert (row.text, row.start_ms, row.end_ms) == ("Welcome, everyone.", 1000, 2500)
    assert row.created_by == case.captioner
    event = LiveEvent.objects.get(type="caption.segment")
    assert event.payload["text"] == "Welcome, everyone."
    assert event.payload["sequence"] == 0
    assert event.payload["correction"] is False


@pytest.mark.parametrize(
    "header",
    [None, "Bearer plc_not-a-token", "Basic abc", "Bearer "],
    ids=["none", "unknown", "basic", "empty"],
)
def test_without_a_valid_token_nothing_is_stored(client, header):
    case = captioned_session()
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = post(client, case.session.pk, segment(0), **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not Segment.objects.exists()


def test_a_revoked_token_is_refused(client):
    case = captioned_session()
    token_revoke(token=case.token, by=case.captioner)
    assert post(client, case.session.pk, segment(0), case.secret).status_code == 401
    assert not Segment.objects.exists()


def test_only_the_sessions_captioners_write(client):
    case = captioned_session()
    # Another session of the same forum, in another room: this captioner is not assigned to it.
    other = SessionFactory(forum=case.forum, room=RoomFactory(forum=case.forum))
    assert post(client, other.pk, segment(0), case.secret).status_code == 403
    # A captioner of the forum with no assignment at all.
    idle = UserFactory()
    grant(idle, case.forum, "captioner")
    _token, secret = token_create(forum=case.forum, user=idle, name="idle")
    assert post(client, case.session.pk, segment(0), secret).status_code == 403
    # A session of another forum is not found with this forum's token.
    elsewhere = SessionFactory(forum=ForumFactory())
    assert post(client, elsewhere.pk, segment(0), case.secret).status_code == 404
    assert not Segment.objects.exists()


def test_assigned_to_the_session_rather_than_its_room(client):
    case = captioned_session(by_room=False)
    assert post(client, case.session.pk, segment(0), case.secret).status_code == 200


def test_a_captioner_who_lost_the_role_is_refused(client):
    case = captioned_session()
    case.forum.roles.filter(user=case.captioner).delete()
    assert post(client, case.session.pk, segment(0), case.secret).status_code == 403


def test_the_same_segment_twice_is_stored_once(client):
    case = captioned_session()
    for _ in range(2):
        response = post(client, case.session.pk, segment(4, "Same words"), case.secret)
        assert response.status_code == 200
    assert response.json() == {"stored": [], "corrected": [], "unchanged": [4]}
    assert Segment.objects.count() == 1
    assert LiveEvent.objects.filter(type="caption.segment").count() == 1


def test_segments_out_of_order_are_placed_by_sequence(client):
    case = captioned_session()
    for sequence in (2, 0, 1):
        post(client, case.session.pk, segment(sequence, f"part {sequence}"), case.secret)
    texts = list(case.session.transcript.segments.values_list("text", flat=True))
    assert texts == ["part 0", "part 1", "part 2"]


def test_a_correction_replaces_the_segment_by_its_sequence(client):
    case = captioned_session()
    post(client, case.session.pk, segment(7, "The Internet governments forum"), case.secret)
    response = post(
        client, case.session.pk, segment(7, "The Internet Governance Forum"), case.secret
    )
    assert response.json()["corrected"] == [7]
    row = Segment.objects.get()
    assert (row.text, row.revision) == ("The Internet Governance Forum", 1)
    last = LiveEvent.objects.filter(type="caption.segment").order_by("seq").last()
    assert last.payload["correction"] is True
    assert last.payload["text"] == "The Internet Governance Forum"


def test_a_batch_reports_every_bad_segment_and_stores_none(client):
    case = captioned_session()
    payload = {
        "segments": [
            segment(0),
            segment(1, end=0.5),
            segment(2, text=""),
            segment(3, text="bad\x00text"),
            {"sequence": -1, "text": "x", "start": 0, "end": 1},
            "not an object",
        ]
    }
    response = post(client, case.session.pk, payload, case.secret)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors == [
        "segment 1: end is before start",
        "segment 2: text is empty",
        "segment 3: text contains a control character",
        "segment 4: sequence must be a whole number from 0",
        "segment 5: a segment must be an object",
    ]
    assert not Segment.objects.exists()


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [("{", "application/json", 400), ("sequence=1", "text/plain", 415)],
)
def test_bodies_that_are_not_json_are_refused(client, body, content_type, status):
    case = captioned_session()
    response = client.post(
        f"/api/captions/v1/sessions/{case.session.pk}/segments",
        data=body,
        content_type=content_type,
        HTTP_AUTHORIZATION=f"Bearer {case.secret}",
    )
    assert response.status_code == status


def test_a_published_transcript_takes_no_more_live_captions(client):
    case = captioned_session()
    post(client, case.session.pk, segment(0), case.secret)
    transcript_publish(session=case.session, by=case.secretariat)
    response = post(client, case.session.pk, segment(1), case.secret)
    assert response.status_code == 400
    assert Segment.objects.count() == 1


def test_tokens_are_stored_hashed_and_record_their_use(client):
    case = captioned_session()
    case.token.refresh_from_db()
    assert case.secret not in (case.token.digest, case.token.prefix)
    assert case.token.last_used_at is None
    post(client, case.session.pk, segment(0), case.secret)
    case.token.refresh_from_db()
    assert case.token.last_used_at is not None
    assert case.token.last_used_at <= timezone.now()


def test_the_captioners_page_shows_a_new_token_once_and_revokes(client):
    case = captioned_session()
    client.force_login(case.captioner)
    url = f"/forums/{case.forum.slug}/captioning/"
    page = client.post(url, {"name": "Booth 2"})
    assert page.status_code == 200
    secret = page.context["new_secret"]
    assert secret and secret in page.content.decode()
    assert page["Cache-Control"] == "no-store"
    assert secret not in client.get(url).content.decode()
    token = case.captioner.captioner_tokens.get(name="Booth 2")
    client.post(url, {"revoke": token.pk})
    assert post(client, case.session.pk, segment(0), secret).status_code == 401
    # Nobody else's page: a participant of the forum gets nothing.
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
