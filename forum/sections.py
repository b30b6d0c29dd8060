"""Sections that later apps add to a forum's home page.

The forum app knows none of them: each app registers its own in its ``AppConfig.ready``, so data
keeps flowing one way (proposal -> review -> live room -> ...), and the forum's page grows with the
apps installed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from forum.models import Forum


@dataclass(frozen=True)
class ForumSection:
    key: str
    template: str
    #: Sections are shown in this order, after the forum's facts.
    order: int
    #: The section's context for this viewer, or None to leave it out.
    context: Callable[[HttpRequest, Forum], dict | None]


_SECTIONS: dict[str, ForumSection] = {}


def register(section: ForumSection) -> None:
    _SECTIONS[section.key] = section


def sections_for(request: HttpRequest, forum: Forum) -> list[tuple[str, dict]]:
    """(template, context) of every section this viewer sees, in order."""
    shown = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        context = section.context(request, forum)
        if context is not None:
            shown.append((section.template, context))
    return shown


# --- Phases that depend on what exists ---------------------------------------------------------
#
# A phase's dates say when it is planned; whether it has begun may depend on a later app's data
# (the programme is published only once a version of it exists). Apps register a condition per
# phase kind; the forum page shows a phase as current only if its condition holds.

_PHASE_CONDITIONS: dict[str, Callable[[Forum], bool]] = {}


def register_phase_condition(kind: str, condition: Callable[[Forum], bool]) -> None:
    _PHASE_CONDITIONS[kind] = condition


def current_phase_for(forum: Forum, today=None):
    """The forum's phase by date, or None when that phase's registered condition does not hold."""
    phase = forum.current_phase(today)
    condition = _PHASE_CONDITIONS.get(phase.kind) if phase is not None else None
    if condition is not None and not condition(forum):
        return None
    return phase
