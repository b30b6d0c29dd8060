"""Models of the transcripts app: who captions what (``captioning``) and the record each session
keeps of what was said (``records``)."""

from transcripts.models.captioning import CaptionerAssignment, CaptionerToken
from transcripts.models.records import SEARCH_CONFIGS, Segment, Transcript

__all__ = [
    "SEARCH_CONFIGS",
    "CaptionerAssignment",
    "CaptionerToken",
    "Segment",
    "Transcript",
]
