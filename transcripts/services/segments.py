"""Caption segments in: validated, stored once per sequence number, corrected in place, indexed
for search, and broadcast to the session's live room."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from remote_hubs.services.live import live_room_for
from remote_hubs.services.live.events import event_append
from transcripts.models import SEARCH_CONFIGS, Segment, Transcript
from transcripts.rules import can_caption_session

#: C0 control characters other than tab and line breaks (NUL included): never stored.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TEXT = 2000
MAX_SPEAKER = 120
MAX_BATCH = 200
#: Twelve hours, in milliseconds: no session is longer.
MAX_OFFSET_MS = 12 * 3600 * 1000


@dataclass(frozen=True)
class SegmentInput:
    sequence: int
    start_ms: int
    end_ms: int
    text: str
    speaker: str = ""


@dataclass
class IngestResult:
    stored: list[int] = field(default_factory=list)
    corrected: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[int]]:
        return {"stored": self.stored, "corrected": self.corrected, "unchanged": self.unchanged}


def _clean_text(value: Any, *, limit: int, what: str, required: bool) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text")
    if CONTROL.search(value):
        raise ValueError(f"{what} contains a control character")
    value = " ".join(value.split()) if what == "speaker" else value.strip()
    if required and not value:
        raise ValueError(f"{what} is empty")
    if len(value) > limit:
        raise ValueError(f"{what} is longer than {limit} characters")
    return value


def _offset_ms(item: dict, name: str) -> int:
    """An offset given in seconds (``start``) or milliseconds (``start_ms``)."""
    if f"{name}_ms" in item:
        value = item[f"{name}_ms"]
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name}_ms must be a whole number of milliseconds")
    elif name in item:
        seconds = item[name]
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise ValueError(f"{name} must be a number of seconds")
        value = round(seconds * 1000)
    else:
        raise ValueError(f"{name} is missing")
    if not 0 <= value <= MAX_OFFSET_MS:
        raise ValueError(f"{name} is outside the session")
    return value


def segment_input(item: Any) -> SegmentInput:
    """One segment of a request, or ``ValueError`` saying what is wrong with it."""
    if not isinstance(item, dict):
        raise ValueError("a segment must be an object")
    sequence = item.get("sequence")
    if isinstance(sequence, bool) or not isinstance(sequence, int) or not 0 <= sequence < 2**31:
        raise ValueError("sequence must be a whole number from 0")
    start, end = _offset_ms(item, "start"), _offset_ms(item, "end")
    if end < start:
        raise ValueError("end is before start")
    return SegmentInput(
        sequence=sequence,
        start_ms=start,
        end_ms=end,
        text=_clean_text(item.get("text"), limit=MAX_TEXT, what="text", required=True),
        speaker=_clean_text(item.get("speaker"), limit=MAX_SPEAKER, what="speaker", required=False),
    )


def segments_from_payload(payload: Any) -> list[SegmentInput]:
    """The segments of an API request: one object, or ``{"segments": [...]}``. Every problem is
    reported, each with the index of the segment it is in."""
    items = (
        payload.get("segments")
        if isinstance(payload, dict) and "segments" in payload
        else [payload]
    )
    if not isinstance(items, list) or not items:
        raise ValidationError("Send a segment, or a non-empty list of segments.")
    if len(items) > MAX_BATCH:
        raise ValidationError(f"Send at most {MAX_BATCH} segments at once.")
    segments, errors = [], []
    for index, item in enumerate(items):
        try:
            segments.append(segment_input(item))
        except ValueError as error:
            errors.append(f"segment {index}: {error}")
    if errors:
        raise ValidationError(errors)
    return segments


def transcript_for(*, session, now=None) -> Transcript:
    transcript, _ = Transcript.objects.get_or_create(
        session=session,
        defaults={
            "search_config": SEARCH_CONFIGS.get(session.language, "simple"),
            "updated_at": now or timezone.now(),
        },
    )
    return transcript


def index_segments(*, transcript: Transcript, ids: list[int] | None = None) -> None:
    """Recompute the full-text vectors of ``ids`` (all when ``None``) on PostgreSQL."""
    if connection.vendor != "postgresql":
        return
    sql = (
        "UPDATE transcripts_segment SET search_vector = "
        "setweight(to_tsvector(%s::regconfig, coalesce(speaker, '')), 'B') || "
        "setweight(to_tsvector(%s::regconfig, text), 'A') WHERE transcript_id = %s"
    )
    params: list[Any] = [transcript.search_config, transcript.search_config, transcript.pk]
    if ids is not None:
        if not ids:
            return
        sql += " AND id = ANY(%s)"
        params.append(list(ids))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _broadcast(*, session, segments: list[Segment], corrected: set[int]) -> None:
    room = live_room_for(session=session)
    for segment in segments:
        event_append(
            room=room,
            type="caption.segment",
            payload={
                "sequence": segment.sequence,
                "text": segment.text,
                "speaker": segment.speaker,
                "start_ms": segment.start_ms,
                "end_ms": segment.end_ms,
                "language": session.language,
                "correction": segment.sequence in corrected,
            },
        )


def segments_store(
    *,
    session,
    by,
    segments: list[SegmentInput],
    source: str = Segment.Source.LIVE,
    broadcast: bool = True,
    check_permission: bool = True,
) -> IngestResult:
    """Store ``segments`` in ``session``'s transcript: a sequence number seen before with the same
    content is left alone, with new content it is a correction; new ones are placed by their
    number. Live segments go out to the room in sequence order."""
    if check_permission and not can_caption_session.test(by, session):
        raise PermissionDenied("Only the captioners of this session send its captions.")
    result = IngestResult()
    latest = {segment.sequence: segment for segment in segments}  # the last copy of a number wins
    with transaction.atomic():
        transcript = transcript_for(session=session)
        transcript = Transcript.objects.select_for_update().get(pk=transcript.pk)
        if transcript.is_published and source == Segment.Source.LIVE:
            raise ValidationError("The transcript is published: captions are closed.")
        existing = {
            segment.sequence: segment
            for segment in transcript.segments.filter(sequence__in=list(latest))
        }
        now = timezone.now()
        new, changed = [], []
        for sequence in sorted(latest):
            given = latest[sequence]
            row = existing.get(sequence)
            if row is None:
                new.append(
                    Segment(
                        transcript=transcript,
                        sequence=sequence,
                        start_ms=given.start_ms,
                        end_ms=given.end_ms,
                        text=given.text,
                        speaker=given.speaker,
                        source=source,
                        created_by=by,
                        updated_at=now,
                    )
                )
                result.stored.append(sequence)
            elif (row.text, row.speaker, row.start_ms, row.end_ms) == (
                given.text,
                given.speaker,
                given.start_ms,
                given.end_ms,
            ):
                result.unchanged.append(sequence)
            else:
                row.text, row.speaker = given.text, given.speaker
                row.start_ms, row.end_ms = given.start_ms, given.end_ms
                row.revision += 1
                row.updated_at = now
                changed.append(row)
                result.corrected.append(sequence)
        Segment.objects.bulk_create(new)
        Segment.objects.bulk_update(
            changed, ["text", "speaker", "start_ms", "end_ms", "revision", "updated_at"]
        )
        touched = sorted(new + changed, key=lambda segment: segment.sequence)
        if touched:
            ids = list(
                transcript.segments.filter(
                    sequence__in=[segment.sequence for segment in touched]
                ).values_list("pk", flat=True)
            )
            index_segments(transcript=transcript, ids=ids)
            Transcript.objects.filter(pk=transcript.pk).update(updated_at=now)
            if broadcast:
                _broadcast(session=session, segments=touched, corrected=set(result.corrected))
    return result
