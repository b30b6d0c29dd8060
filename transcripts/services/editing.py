"""The secretariat corrects the transcript, names speakers, publishes and withdraws it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from transcripts.models import Segment, Transcript
from transcripts.rules import can_edit_transcript
from transcripts.services.segments import MAX_SPEAKER, MAX_TEXT, index_segments, transcript_for


def _require_editor(by, session) -> None:
    if not can_edit_transcript.test(by, session):
        raise PermissionDenied("Only the secretariat edits transcripts.")


@transaction.atomic
def segment_correct(*, segment: Segment, by, text: str, speaker: str) -> Segment:
    transcript = segment.transcript
    _require_editor(by, transcript.session)
    text, speaker = text.strip(), " ".join(speaker.split())
    errors = {}
    if not text:
        errors["text"] = "A segment needs its text."
    elif len(text) > MAX_TEXT:
        errors["text"] = f"At most {MAX_TEXT} characters."
    if len(speaker) > MAX_SPEAKER:
        errors["speaker"] = f"At most {MAX_SPEAKER} characters."
    if errors:
        raise ValidationError(errors)
    if (segment.text, segment.speaker) != (text, speaker):
        segment.text, segment.speaker = text, speaker
        segment.revision += 1
        segment.updated_at = timezone.now()
        segment.save(update_fields=["text", "speaker", "revision", "updated_at"])
        index_segments(transcript=transcript, ids=[segment.pk])
    return segment


@transaction.atomic
def speaker_rename(*, transcript: Transcript, by, old: str, new: str) -> int:
    """Name every segment of speaker ``old`` as ``new`` (e.g. "Speaker 2" as a person's name)."""
    _require_editor(by, transcript.session)
    new = " ".join(new.split())
    if len(new) > MAX_SPEAKER:
        raise ValidationError({"speaker": f"At most {MAX_SPEAKER} characters."})
    rows = transcript.segments.filter(speaker=old)
    ids = list(rows.values_list("pk", flat=True))
    rows.update(speaker=new, updated_at=timezone.now())
    index_segments(transcript=transcript, ids=ids)
    return len(ids)


@transaction.atomic
def transcript_set_language(*, transcript: Transcript, by, search_config: str) -> None:
    _require_editor(by, transcript.session)
    if search_config not in dict(Transcript._meta.get_field("search_config").choices):
        raise ValidationError({"search_config": "Not a search language."})
    if search_config != transcript.search_config:
        transcript.search_config = search_config
        transcript.save(update_fields=["search_config"])
        index_segments(transcript=transcript)


@transaction.atomic
def transcript_publish(*, session, by, now=None) -> Transcript:
    _require_editor(by, session)
    transcript = Transcript.objects.select_for_update().get(
        pk=transcript_for(session=session, now=now).pk
    )
    if not transcript.segments.exists():
        raise ValidationError("The transcript has no text yet.")
    transcript.status = Transcript.Status.PUBLISHED
    transcript.published_at = now or timezone.now()
    transcript.published_by = by
    transcript.save(update_fields=["status", "published_at", "published_by"])
    return transcript


@transaction.atomic
def transcript_withdraw(*, session, by) -> Transcript:
    _require_editor(by, session)
    transcript = Transcript.objects.select_for_update().get(pk=transcript_for(session=session).pk)
    transcript.status = Transcript.Status.DRAFT
    transcript.save(update_fields=["status"])
    return transcript
