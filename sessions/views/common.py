"""What the review-stage pages share: the forum behind a predicate, a service's errors by field."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest

from forum.selectors import forum_for_viewer


def forum_for(request: HttpRequest, slug: str, predicate):
    """The forum of ``slug`` if the viewer passes ``predicate`` on it; 404 otherwise."""
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    if not predicate.test(request.user, forum):
        raise Http404("No such page.")
    return forum


def validation_errors(exc: ValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as messages by field name (``__all__`` for the rest)."""
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"__all__": list(exc.messages)}


def int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return -1  # out of every range: reported as an invalid score
