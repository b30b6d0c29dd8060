"""Transcripts made elsewhere: plain text, SRT and WebVTT files, refused with the wrong line."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import UserFactory
from tests.transcripts.helpers import captioned_session
from transcripts.models import Segment
from transcripts.services.imports import MAX_BYTES, TranscriptFileError, parse_file

pytestmark = pytest.mark.django_db

SRT = """1
00:00:01,000 --> 00:00:04,000
MODERATOR: Good morning and welcome.

2
00:00:04,500 --> 00:00:09,250
We begin with connectivity.
"""

VTT = """WEBVTT - session 12

NOTE made by the steno booth

intro
00:00:01.000 --> 00:00:04.000 align:start
<v Ana Silva>Good morning and welcome.

00:04.500 --> 00:09.250
We begin
with connectivity.
"""

TEXT = """>> MODERATOR: Good morning and welcome to the session on digital public goods.

Thank you. Let me say a word about connectivity in rural areas.
"""


def test_srt_cues_become_segments_with_their_times_and_speakers():
    segments = parse_file(name="s.srt", data=SRT.encode()).segments
    assert [(s.start_ms, s.end_ms, s.speaker, s.text) for s in segments] == [
        (1000, 4000, "Moderator", "Good morning and welcome."),
        (4500, 9250, "", "We begin with connectivity."),
    ]


def test_webvtt_cues_keep_voice_tags_as_speakers_and_skip_notes():
    segments = parse_file(name="s.VTT", data=VTT.encode()).segments
    assert [(s.start_ms, s.end_ms, s.speaker, s.text) for s in segments] == [
        (1000, 4000, "Ana Silva", "Good morning and welcome."),
        (4500, 9250, "", "We begin with connectivity."),
    ]


def test_plain_text_paragraphs_get_times_at_speaking_pace():
    segments = parse_file(name="s.txt", data=("\ufeff" + TEXT).encode()).segments
    assert [s.speaker for s in segments] == ["Moderator", ""]
    assert segments[0].text.startswith("Good morning")
    assert segments[0].start_ms == 0
    assert segments[1].start_ms == segments[0].end_ms > 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.srt", "1\n00:00:01.000 --> 00:00:02,000\nHi\n", "Line 2: Expected a timing line"),
        (
            "a.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nHi\n\nzwei\n",
            "Line 5: Expected the cue's number",
        ),
        ("a.srt", "1\n00:00:01,000 --> 00:00:02,000\n\n", "Line 3: A cue has no text"),
        (
            "a.vtt",
            "WEBVT\n\n00:01.000 --> 00:02.000\nHi\n",
            'Line 1: A WebVTT file starts with "WEBVTT"',
        ),
        ("a.vtt", "WEBVTT\nx\n", "Line 2: Expected a blank line after the header"),
        ("a.vtt", "WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nHi\n", "Line 3: Expected a timing line"),
        (
            "a.vtt",
            "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nHi\n",
            "Line 3: The cue ends before it starts",
        ),
        (
            "a.vtt",
            "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nA\n\n00:00:01.000 --> 00:00:02.000\nB\n",
            "Line 6: Cues must be in the order of their start",
        ),
        ("a.txt", "fine\nbad \x07 bell\n", "Line 2: The line holds a control character"),
        ("a.txt", "\n\n  \n", "The file has no text"),
        ("a.docx", "text", "Send a .txt, .srt or .vtt file"),
    ],
)
def test_a_broken_file_is_refused_with_the_line_that_is_wrong(name, content, message):
    with pytest.raises(TranscriptFileError) as raised:
        parse_file(name=name, data=content.encode())
    assert raised.value.messages[0].startswith(message), raised.value.messages


def test_files_that_are_not_utf8_text_or_too_large_are_refused():
    with pytest.raises(TranscriptFileError, match="Line 2: The file is not UTF-8"):
        parse_file(name="a.txt", data="ok\ncaf\xe9\n".encode("latin-1"))
    with pytest.raises(TranscriptFileError, match="not a text file"):
        parse_file(name="a.txt", data=b"PK\x03\x04\x00\x00")
    with pytest.raises(TranscriptFileError, match="larger than 2 MB"):
        parse_file(name="a.txt", data=b"a" * (MAX_BYTES + 1))


def desk_import(client, case, name, content):
    upload = SimpleUploadedFile(name, content.encode(), content_type="application/octet-stream")
    url = f"/forums/{case.forum.slug}/sessions/{case.session.pk}/transcript/desk/import/"
    return client.post(url, {"file": upload}, follow=True)


def test_the_secretariat_imports_a_file_into_the_draft_replacing_it(client):
    case = captioned_session()
    client.force_login(case.secretariat)
    page = desk_import(client, case, "talk.srt", SRT)
    assert "Imported 2 segments into the draft." in page.content.decode()
    page = desk_import(client, case, "talk.vtt", VTT.replace("We begin", "Then"))
    assert Segment.objects.count() == 2
    assert Segment.objects.get(sequence=1).text == "Then with connectivity."
    assert set(Segment.objects.values_list("source", flat=True)) == {"import"}


def test_a_broken_upload_shows_the_line_and_keeps_the_draft(client):
    case = captioned_session()
    client.force_login(case.secretariat)
    desk_import(client, case, "talk.srt", SRT)
    page = desk_import(client, case, "talk.srt", "1\nnot a timing\nHi\n")
    assert "Line 2: Expected a timing line" in page.content.decode()
    assert Segment.objects.count() == 2


def test_only_the_forums_secretariat_imports(client):
    case = captioned_session()
    for person in (case.captioner, UserFactory(), captioned_session().secretariat):
        client.force_login(person)
        response = desk_import(client, case, "talk.srt", SRT)
        assert response.status_code == 404
    assert not Segment.objects.exists()
