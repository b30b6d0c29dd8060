"""What the outputs pages share: the forum behind a predicate, the compilation of a kind."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from forum.selectors import forum_for_viewer
from outputs.models import Compilation


def forum_for(request: HttpRequest, slug: str, predicate):
    """The forum of ``slug`` if the viewer passes ``predicate`` on it; 404 otherwise."""
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    if not predicate.test(request.user, forum):
        raise Http404("No such page.")
    return forum


def kind_or_404(kind: str) -> str:
    if kind not in Compilation.Kind.values:
        raise Http404("No such compilation.")
    return kind


def existing(forum, kind: str) -> Compilation | None:
    return Compilation.objects.filter(forum=forum, kind=kind_or_404(kind)).first()
