"""The live layer's writes, one module per concern, matching :mod:`remote_hubs.handlers`:
chat, questions, polls, floor, presence (caption segments are written by the transcripts app); plus the room's item log (``events``), the
per-person rate limit (``limits``) and what they share (``base``). Hubs themselves (registration,
decisions) are :mod:`remote_hubs.services.hubs`.

Code inside remote_hubs imports the concern's module. The package also names the public services
(``live.chat_send(...)``) for callers from outside: tests, the bench and the demo of later apps.
"""

from remote_hubs.services.live.base import (
    LiveError,
    live_room_for,
    live_settings_for,
    may_moderate,
    may_take_part,
)
from remote_hubs.services.live.chat import chat_delete, chat_send, user_mute
from remote_hubs.services.live.floor import floor_request, floor_update
from remote_hubs.services.live.polls import (
    poll_create,
    poll_definition,
    poll_results,
    poll_set_status,
    poll_vote,
)
from remote_hubs.services.live.presence import hub_attendance_report, hub_for_user
from remote_hubs.services.live.questions import (
    question_ask,
    question_highlight,
    question_moderate,
    question_payload,
    question_upvote,
)

__all__ = [
    "LiveError",
    "chat_delete",
    "chat_send",
    "floor_request",
    "floor_update",
    "hub_attendance_report",
    "hub_for_user",
    "live_room_for",
    "live_settings_for",
    "may_moderate",
    "may_take_part",
    "poll_create",
    "poll_definition",
    "poll_results",
    "poll_set_status",
    "poll_vote",
    "question_ask",
    "question_highlight",
    "question_moderate",
    "question_payload",
    "question_upvote",
    "user_mute",
]
