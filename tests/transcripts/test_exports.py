"""The exports at stable URLs, each read back by a real parser."""

from __future__ import annotations

import io
import re

import pytest
import srt
import webvtt

from tests.transcripts.helpers import captioned_session
from transcripts.services.editing import transcript_publish
from transcripts.services.segments import SegmentInput, segments_store

pytestmark = pytest.mark.django_db

CUE_TIMING = re.compile(r"^\d{2}:\d{2}:\d{2}\.\d{3} --> \d{2}:\d{2}:\d{2}\.\d{3}$")


@pytest.fixture
def published(client):
    case = captioned_session(title="Digital <public> goods")
    segments_store(
        session=case.session,
        by=case.captioner,
        broadcast=False,
        segments=[
            SegmentInput(2, 9000, 12000, "Third, with --> an arrow & <tags>", "Ana <Silva>"),
            SegmentInput(0, 1000, 4000, "Good morning.", "Moderator"),
            # Overlapping and zero-length times from live captioning are repaired on export.
            SegmentInput(1, 3500, 3500, "Second line\nwrapped", ""),
            SegmentInput(3, 3600_000 + 5, 3600_000 + 2005, "An hour later.", ""),
        ],
    )
    transcript_publish(session=case.session, by=case.secretariat)
    return case


def get(client, case, fmt):
    response = client.get(f"/forums/{case.forum.slug}/sessions/{case.session.pk}/transcript.{fmt}")
    assert response.status_code == 200
    return response, b"".join(response.streaming_content).decode()


def test_webvtt_is_valid_and_ordered(client, published):
    response, text = get(client, published, "vtt")
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    lines = text.split("\n")
    assert lines[0] == "WEBVTT" and lines[1] == ""
    timings = [line for line in lines if "-->" in line]
    assert all(CUE_TIMING.match(line) for line in timings), timings
    captions = webvtt.from_buffer(io.StringIO(text))
    # The library's *_in_seconds are whole seconds; compare the stamps, which sort as times.
    starts = [c.start for c in captions]
    assert len(captions) == 4 and starts == sorted(starts)
    assert all(c.end > c.start for c in captions)
    assert captions[0].voice == "Moderator"
    assert captions[3].start == "01:00:00.005"
    assert "&lt;tags&gt;" in captions[2].raw_text and "-->" not in captions[2].raw_text
    assert captions[2].raw_text.startswith("<v Ana &lt;Silva&gt;>")
    assert captions[1].text == "Second line wrapped"


def test_srt_reads_back_with_the_srt_library(client, published):
    _response, text = get(client, published, "srt")
    cues = list(srt.parse(text))
    assert [c.index for c in cues] == [1, 2, 3, 4]
    assert cues[0].content == "Moderator: Good morning."
    assert all(c.end > c.start for c in cues)
    assert srt.compose(cues, reindex=False) == text


def test_text_has_the_notice_stamps_and_speakers(client, published):
    _response, text = get(client, published, "txt")
    assert text.startswith("Digital <public> goods\n")
    assert "not an authoritative record" in text
    assert "[00:00:01] Moderator: Good morning." in text
    assert "[01:00:00] An hour later." in text


def test_an_unknown_format_is_not_found(client, published):
    url = f"/forums/{published.forum.slug}/sessions/{published.session.pk}/transcript.docx"
    assert client.get(url).status_code == 404
