"""Transcripts made elsewhere: plain text, SubRip (SRT) and WebVTT files.

The ``srt`` and ``webvtt-py`` libraries read cues but skip what they cannot read without a word, so
each file is first checked line by line here, and a bad file is refused with the line that is
wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass

import srt
import webvtt
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from transcripts.models import Segment, Transcript
from transcripts.rules import can_edit_transcript
from transcripts.services.segments import (
    CONTROL,
    MAX_SPEAKER,
    MAX_TEXT,
    SegmentInput,
    index_segments,
    transcript_for,
)

MAX_BYTES = 2 * 1024 * 1024
FORMATS = {".txt": "text", ".srt": "srt", ".vtt": "vtt"}
#: Speaking pace used to give plain text (which has no times) plausible ones.
WORDS_PER_MINUTE = 150

SRT_TIMING = re.compile(r"^\d{2,}:[0-5]\d:[0-5]\d,\d{3} --> \d{2,}:[0-5]\d:[0-5]\d,\d{3}$")
VTT_TIME = r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
VTT_TIMING = re.compile(rf"^({VTT_TIME}) --> ({VTT_TIME})(?:[ \t]+\S.*)?$")
SPEAKER_LINE = re.compile(r"^(?:>>\s*)?([A-Z][A-Z0-9 .'’-]{1,60}):\s+(.*)$")


class TranscriptFileError(ValidationError):
    def __init__(self, message: str, *, line: int | None = None):
        text = f"Line {line}: {message}" if line else message
        super().__init__(text)
        self.line = line


@dataclass(frozen=True)
class ParsedFile:
    format: str
    segments: list[SegmentInput]


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise TranscriptFileError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    if b"\x00" in data:
        raise TranscriptFileError("This is not a text file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TranscriptFileError("The file is not UTF-8 text.", line=line) from error
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for number, line in enumerate(text.split("\n"), start=1):
        if CONTROL.search(line):
            raise TranscriptFileError("The line holds a control character.", line=number)
    return text


def _segment(sequence: int, start_ms: int, end_ms: int, text: str, speaker: str, line: int):
    text = text.strip()
    if not text:
        raise TranscriptFileError("A cue has no text.", line=line)
    if len(text) > MAX_TEXT:
        raise TranscriptFileError(f"A cue is longer than {MAX_TEXT} characters.", line=line)
    if end_ms < start_ms:
        raise TranscriptFileError("The cue ends before it starts.", line=line)
    return SegmentInput(
        sequence=sequence,
        start_ms=start_ms,
        end_ms=end_ms,
        text=text,
        speaker=speaker.strip()[:MAX_SPEAKER],
    )


def parse_text(text: str) -> list[SegmentInput]:
    """Paragraphs (blank-line separated) become segments; a paragraph opening with an upper-case
    name and a colon (``>> MODERATOR: …``) names its speaker. Times follow the speaking pace."""
    segments: list[SegmentInput] = []
    clock = 0
    paragraph: list[str] = []
    first_line = 0
    for number, raw in enumerate([*text.split("\n"), ""], start=1):
        line = raw.strip()
        if line:
            if not paragraph:
                first_line = number
            paragraph.append(line)
            continue
        if not paragraph:
            continue
        body, speaker = " ".join(paragraph), ""
        match = SPEAKER_LINE.match(body)
        if match:
            speaker, body = match.group(1).title(), match.group(2)
        duration = max(1000, round(len(body.split()) * 60_000 / WORDS_PER_MINUTE))
        segments.append(_segment(len(segments), clock, clock + duration, body, speaker, first_line))
        clock += duration
        paragraph = []
    if not segments:
        raise TranscriptFileError("The file has no text.")
    return segments


def parse_srt(text: str) -> list[SegmentInput]:
    lines = text.split("\n")
    state, number = "index", 0
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if state == "index":
            if not line:
                continue
            if not line.isdigit():
                raise TranscriptFileError("Expected the cue's number.", line=number)
            state = "timing"
        elif state == "timing":
            if not SRT_TIMING.match(line):
                raise TranscriptFileError(
                    "Expected a timing line like 00:00:01,000 --> 00:00:04,000.", line=number
                )
            state = "text"
        elif state == "text":
            if not line:
                raise TranscriptFileError("A cue has no text.", line=number)
            state = "more"
        elif state == "more" and not line:
            state = "index"
    if state == "timing":
        raise TranscriptFileError("The last cue has no timing line.", line=number)
    if state == "text":
        raise TranscriptFileError("The last cue has no text.", line=number)
    segments = []
    for cue in srt.parse(text):
        start_ms = round(cue.start.total_seconds() * 1000)
        end_ms = round(cue.end.total_seconds() * 1000)
        body, speaker = cue.content.replace("\n", " "), ""
        match = SPEAKER_LINE.match(body)
        if match:
            speaker, body = match.group(1).title(), match.group(2)
        segments.append(_segment(len(segments), start_ms, end_ms, body, speaker, None))
    if not segments:
        raise TranscriptFileError("The file has no cues.")
    return segments


def _vtt_ms(stamp: str) -> int:
    parts = stamp.split(":")
    hours = int(parts[0]) if len(parts) == 3 else 0
    minutes, rest = int(parts[-2]), parts[-1]
    seconds, millis = rest.split(".")
    return ((hours * 60 + minutes) * 60 + int(seconds)) * 1000 + int(millis)


def parse_vtt(text: str) -> list[SegmentInput]:
    lines = text.split("\n")
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise TranscriptFileError('A WebVTT file starts with "WEBVTT".', line=1)
    if len(lines) > 1 and lines[1].strip():
        raise TranscriptFileError("Expected a blank line after the header.", line=2)
    state, previous_start = "blank", -1

    def timing(line: str, number: int) -> None:
        nonlocal previous_start
        match = VTT_TIMING.match(line)
        if not match:
            raise TranscriptFileError(
                "Expected a timing line like 00:00:01.000 --> 00:00:04.000.", line=number
            )
        start, end = _vtt_ms(match.group(1)), _vtt_ms(match.group(2))
        if end <= start:
            raise TranscriptFileError("The cue ends before it starts.", line=number)
        if start < previous_start:
            raise TranscriptFileError("Cues must be in the order of their start.", line=number)
        previous_start = start

    for number, raw in enumerate(lines[1:], start=2):
        line = raw.strip()
        if state == "blank":
            if not line:
                continue
            if line.startswith(("NOTE", "STYLE", "REGION")):
                state = "skip"
            elif "-->" in line or re.match(r"^\d+:\d", line):
                timing(line, number)
                state = "text"
            else:  # the cue's identifier: its timing line follows
                state = "timing"
        elif state == "skip":
            state = "blank" if not line else "skip"
        elif state == "timing":
            timing(line, number)
            state = "text"
        elif state == "text":
            if not line:
                raise TranscriptFileError("A cue has no text.", line=number)
            state = "more"
        elif state == "more" and not line:
            state = "blank"
    if state == "timing":
        raise TranscriptFileError("The last cue has no timing line.", line=len(lines))
    if state == "text":
        raise TranscriptFileError("The last cue has no text.", line=len(lines))
    segments = []
    for caption in webvtt.from_string(text):
        start_ms = _vtt_ms(caption.start)
        end_ms = _vtt_ms(caption.end)
        segments.append(
            _segment(
                len(segments),
                start_ms,
                end_ms,
                caption.text.replace("\n", " "),
                caption.voice or "",
                None,
            )
        )
    if not segments:
        raise TranscriptFileError("The file has no cues.")
    return segments


PARSERS = {"text": parse_text, "srt": parse_srt, "vtt": parse_vtt}


def parse_file(*, name: str, data: bytes) -> ParsedFile:
    """The segments of an uploaded file, by its extension; a bad file raises
    :class:`TranscriptFileError` naming the line."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    kind = FORMATS.get(suffix)
    if kind is None:
        raise TranscriptFileError("Send a .txt, .srt or .vtt file.")
    return ParsedFile(format=kind, segments=PARSERS[kind](_decode(data)))


def transcript_import(*, session, by, name: str, data: bytes, now=None) -> int:
    """Replace the draft transcript of ``session`` with the file's segments; their number."""
    if not can_edit_transcript.test(by, session):
        raise PermissionDenied("Only the secretariat imports transcripts.")
    parsed = parse_file(name=name, data=data)
    with transaction.atomic():
        now = now or timezone.now()
        transcript = transcript_for(session=session, now=now)
        if transcript.is_published:
            raise ValidationError("Withdraw the published transcript before replacing it.")
        transcript.segments.all().delete()
        Segment.objects.bulk_create(
            Segment(
                transcript=transcript,
                sequence=item.sequence,
                start_ms=item.start_ms,
                end_ms=item.end_ms,
                text=item.text,
                speaker=item.speaker,
                source=Segment.Source.IMPORT,
                created_by=by,
                updated_at=now,
            )
            for item in parsed.segments
        )
        index_segments(transcript=transcript)
        Transcript.objects.filter(pk=transcript.pk).update(updated_at=now)
    return len(parsed.segments)
