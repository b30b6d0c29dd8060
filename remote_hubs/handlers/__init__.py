"""Handlers of the live room's inbound messages, one small module per concern.

Each module registers its message types with :func:`remote_hubs.handlers.base.handles`; the consumer
looks the type up in :data:`remote_hubs.handlers.base.HANDLERS`.
"""

from remote_hubs.handlers import chat, floor, polls, presence, questions, resume
from remote_hubs.handlers.base import HANDLERS, WRITE_TYPES

__all__ = [
    "HANDLERS",
    "WRITE_TYPES",
    "chat",
    "floor",
    "polls",
    "presence",
    "questions",
    "resume",
]
