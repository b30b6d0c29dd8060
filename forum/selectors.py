"""Reads of forums that views share."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from forum.models import Forum, ForumRole, Theme
from forum.timezones import activate_forum_zone


def forums_visible_to(*, viewer) -> QuerySet[Forum]:
    """Public forums, and the non-public ones where the viewer holds a role."""
    qs = Forum.objects.all()
    if viewer.is_authenticated and viewer.is_superuser:
        return qs
    condition = Q(is_public=True)
    if viewer.is_authenticated:
        condition |= Q(pk__in=ForumRole.objects.filter(user=viewer).values("forum_id"))
    return qs.filter(condition)


def forum_for_viewer(*, slug: str, viewer) -> Forum:
    """The forum with this slug if the viewer may see it, else 404 (never 403: no leak)."""
    forum = forums_visible_to(viewer=viewer).filter(slug=slug).first()
    if forum is None:
        raise Http404("No such forum.")
    activate_forum_zone(forum)  # the page renders in the forum's zone
    return forum


def forum_home_for_viewer(*, slug: str, viewer) -> Forum:
    """The forum as its home page shows it: with its phases, rooms, themes and sub-themes."""
    forum = (
        forums_visible_to(viewer=viewer)
        .prefetch_related(
            "phases",
            "rooms",
            Prefetch(
                "themes",
                queryset=Theme.objects.filter(parent=None).prefetch_related("subthemes"),
                to_attr="main_themes",
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if forum is None:
        raise Http404("No such forum.")
    activate_forum_zone(forum)
    return forum
