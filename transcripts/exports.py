"""A transcript as plain text, WebVTT and SubRip, from its segments in order.

Segments are read in batches (``iterator``), so a long session is never held whole in memory."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from transcripts.models import Segment, Transcript

NOTICE = (
    "This is the raw transcript of real-time captions. It may contain errors and is not an "
    "authoritative record of the session."
)


def notice() -> str:
    return _(NOTICE)


def _segments(transcript: Transcript) -> Iterable[Segment]:
    return (
        transcript.segments.order_by("sequence")
        .only("sequence", "start_ms", "end_ms", "text", "speaker")
        .iterator(chunk_size=2000)
    )


def _stamp(ms: int, separator: str) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _vtt_text(text: str) -> str:
    """Cue text may not hold "-->", and "&" and "<" are escaped."""
    return _one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _timed(transcript: Transcript) -> Iterator[tuple[Segment, int, int]]:
    """Each segment with times that never run backwards and always end after they start."""
    previous = 0
    for segment in _segments(transcript):
        start = max(segment.start_ms, previous)
        end = max(segment.end_ms, start + 1)
        previous = start
        yield segment, start, end


def as_text(transcript: Transcript) -> Iterator[str]:
    session = transcript.session
    yield f"{session.title}\n{notice()}\n\n"
    for segment, start, _end in _timed(transcript):
        who = f"{segment.speaker}: " if segment.speaker else ""
        yield f"[{_stamp(start, '.')[:8]}] {who}{_one_line(segment.text)}\n"


def as_vtt(transcript: Transcript) -> Iterator[str]:
    yield "WEBVTT\n\nNOTE\n" + _one_line(notice()).replace("-->", "->") + "\n\n"
    for segment, start, end in _timed(transcript):
        voice = ""
        if segment.speaker:
            name = _one_line(segment.speaker).replace("&", "&amp;").replace("<", "&lt;")
            voice = f"<v {name.replace('>', '&gt;')}>"
        yield (
            f"{segment.sequence}\n{_stamp(start, '.')} --> {_stamp(end, '.')}\n"
            f"{voice}{_vtt_text(segment.text)}\n\n"
        )


def as_srt(transcript: Transcript) -> Iterator[str]:
    for index, (segment, start, end) in enumerate(_timed(transcript), start=1):
        who = f"{segment.speaker}: " if segment.speaker else ""
        yield (
            f"{index}\n{_stamp(start, ',')} --> {_stamp(end, ',')}\n"
            f"{who}{_one_line(segment.text)}\n\n"
        )
