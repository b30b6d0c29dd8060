"""The registry of message handlers and the schema check every inbound message passes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from forum.validators import text_problem
from remote_hubs.services.live.base import LiveError

#: Keys every message may carry besides its own: ``type``, and ``ref`` echoed back in errors.
COMMON_KEYS = {"type", "ref"}

Handler = Callable[[Any, dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class Spec:
    handler: Handler
    #: name -> tuple of accepted Python types (``type(None)`` for null)
    required: dict[str, tuple[type, ...]]
    optional: dict[str, tuple[type, ...]]
    #: Writes count against the stricter per-person rate limit.
    write: bool


HANDLERS: dict[str, Spec] = {}
WRITE_TYPES: set[str] = set()

INT = (int,)
STR = (str,)
BOOL = (bool,)
INT_OR_NULL = (int, type(None))


def handles(
    message_type: str,
    *,
    required: dict[str, tuple[type, ...]] | None = None,
    optional: dict[str, tuple[type, ...]] | None = None,
    write: bool = True,
):
    def register(fn: Handler) -> Handler:
        if message_type in HANDLERS:
            raise RuntimeError(f"two handlers for {message_type}")
        HANDLERS[message_type] = Spec(fn, required or {}, optional or {}, write)
        if write:
            WRITE_TYPES.add(message_type)
        return fn

    return register


def check_schema(spec: Spec, message: dict[str, Any]) -> None:
    unknown = set(message) - COMMON_KEYS - set(spec.required) - set(spec.optional)
    if unknown:
        raise LiveError("invalid", f"Unknown field(s): {', '.join(sorted(unknown))[:100]}.")
    for name in spec.required:
        if name not in message:
            raise LiveError("invalid", f"{name} is required.")
    for name, types in {**spec.required, **spec.optional}.items():
        if name not in message:
            continue
        value = message[name]
        # bool is an int in Python; only accept it where bool is asked for.
        if isinstance(value, bool) and bool not in types:
            raise LiveError("invalid", f"{name} has the wrong type.")
        if not isinstance(value, types):
            raise LiveError("invalid", f"{name} has the wrong type.")
        if isinstance(value, str) and (problem := text_problem(value)):
            raise LiveError("invalid", f"{name}: {problem}")
