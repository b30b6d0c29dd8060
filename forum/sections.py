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
