"""Flags that later apps raise on a proposal (say, an organizer's overdue report from the
previous edition), shown to its organizers and to the secretariat when screening. sessions
cannot import those apps, so each registers a resolver from its AppConfig.ready."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sessions.models import Proposal


@dataclass(frozen=True)
class ProposalFlag:
    key: str
    message: str


_RESOLVERS: dict[str, Callable[[Proposal], str | None]] = {}


def register_proposal_flag(key: str, resolve: Callable[[Proposal], str | None]) -> None:
    """Register ``resolve(proposal)``, which returns a message to show or None."""
    _RESOLVERS[key] = resolve


def proposal_flags(*, proposal: Proposal) -> list[ProposalFlag]:
    """The flags raised on ``proposal``, in key order."""
    flags = []
    for key in sorted(_RESOLVERS):
        message = _RESOLVERS[key](proposal)
        if message:
            flags.append(ProposalFlag(key=key, message=str(message)))
    return flags
