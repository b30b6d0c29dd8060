"""The secretariat corrects, names speakers and publishes; drafts are not public, and the
published raw transcript says it is not an authoritative record."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tests.transcripts.helpers import add_segments, captioned_session
from transcripts.exports import NOTICE
from transcripts.models import Segment

pytestmark = pytest.mark.django_db


def url(case, suffix=""):
    return f"/forums/{case.forum.slug}/sessions/{case.session.pk}/transcript{suffix}"


def desk(case, action):
    return f"{url(case)}/desk/{action}/"


def test_a_draft_is_seen_only_by_the_secretariat(client):
    case = captioned_session()
    add_segments(case, "Opening words")
    for viewer in (None, UserFactory(), case.captioner, captioned_session().secretariat):
        client.logout()
        if viewer:
            client.force_login(viewer)
        for suffix in ("/", ".txt", ".vtt", ".srt"):
            assert client.get(url(case, suffix)).status_code == 404, (viewer, suffix)
    client.force_login(case.secretariat)
    page = client.get(url(case, "/"))
    assert page.status_code == 200
    assert "Draft: only the secretariat sees it." in page.content.decode()


def test_published_it_is_public_with_the_notice(client):
    case = captioned_session()
    add_segments(case, "Opening words")
    client.force_login(case.secretariat)
    client.post(desk(case, "publish"))
    client.logout()
    page = client.get(url(case, "/"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Opening words" in body
    assert "not an authoritative record" in body
    assert NOTICE in client.get(url(case, ".txt")).getvalue().decode()
    client.force_login(case.secretariat)
    client.post(desk(case, "withdraw"))
    client.logout()
    assert client.get(url(case, "/")).status_code == 404


def test_an_empty_transcript_cannot_be_published(client):
    case = captioned_session()
    client.force_login(case.secretariat)
    page = client.post(desk(case, "publish"), follow=True)
    assert "The transcript has no text yet." in page.content.decode()
    client.logout()
    assert client.get(url(case, "/")).status_code == 404


def test_a_private_sessions_transcript_stays_private(client):
    case = captioned_session(is_public=False)
    add_segments(case, "Closed-door words")
    client.force_login(case.secretariat)
    client.post(desk(case, "publish"))
    client.logout()
    assert client.get(url(case, "/")).status_code == 404


def test_the_secretariat_corrects_a_segment_and_names_speakers(client):
    case = captioned_session()
    add_segments(case, "the internet governments forum", "second", speaker="Speaker 2")
    client.force_login(case.secretariat)
    first = Segment.objects.get(sequence=0)
    client.post(
        desk(case, "segment"),
        {"segment": first.pk, "text": "The Internet Governance Forum", "speaker": "Speaker 2"},
    )
    first.refresh_from_db()
    assert (first.text, first.revision) == ("The Internet Governance Forum", 1)
    page = client.post(desk(case, "rename"), {"old": "Speaker 2", "new": "Ana Silva"}, follow=True)
    assert "2 segments renamed." in page.content.decode()
    assert set(Segment.objects.values_list("speaker", flat=True)) == {"Ana Silva"}
    # An empty text is refused and the segment kept.
    page = client.post(
        desk(case, "segment"), {"segment": first.pk, "text": " ", "speaker": ""}, follow=True
    )
    first.refresh_from_db()
    assert first.text == "The Internet Governance Forum"


def test_nobody_else_edits(client):
    case = captioned_session()
    add_segments(case, "words")
    segment = Segment.objects.get()
    for person in (case.captioner, UserFactory(), captioned_session().secretariat):
        client.force_login(person)
        assert client.get(f"{url(case)}/desk/").status_code == 404
        response = client.post(desk(case, "segment"), {"segment": segment.pk, "text": "hacked"})
        assert response.status_code == 404
        assert client.post(desk(case, "publish")).status_code == 404
    segment.refresh_from_db()
    assert segment.text == "words"
    assert not case.session.transcript.is_published
