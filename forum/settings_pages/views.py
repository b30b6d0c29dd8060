"""The secretariat's pages for the forum's rooms and themes. Only the forum's secretariat sees or
posts them; others get a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from forum.models import Room, Theme
from forum.rules import can_manage_forum
from forum.selectors import forum_for_viewer
from forum.settings_pages.forms import RoomForm, ThemeForm
from forum.settings_pages.pages import settings_form_page
from forum.settings_pages.services import room_save, theme_save


def _managed_forum(request: HttpRequest, slug: str):
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    if not can_manage_forum.test(request.user, forum):
        raise Http404("No such page.")
    return forum


@login_required
def rooms(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _managed_forum(request, slug)
    return render(
        request,
        "forum/settings/rooms.html",
        {"forum": forum, "rooms": forum.rooms.order_by("position", "name")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def room_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    forum = _managed_forum(request, slug)
    room = get_object_or_404(Room, forum=forum, pk=pk) if pk is not None else Room(forum=forum)
    form = RoomForm(request.POST or None, instance=room, forum=forum)
    return settings_form_page(
        request,
        forum,
        form,
        lambda: room_save(forum=forum, by=request.user, room=form.instance),
        title=room.name if room.pk else _("New room"),
        saved=_("Saved."),
        done="settings_rooms",
        back_url="settings_rooms",
        intro=_("A room of the venue, with its capacity and equipment."),
    )


@login_required
def themes(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _managed_forum(request, slug)
    main = list(
        Theme.objects.filter(forum=forum, parent__isnull=True)
        .prefetch_related("subthemes")
        .order_by("position", "name")
    )
    return render(request, "forum/settings/themes.html", {"forum": forum, "themes": main})


@login_required
@require_http_methods(["GET", "POST"])
def theme_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    forum = _managed_forum(request, slug)
    theme = get_object_or_404(Theme, forum=forum, pk=pk) if pk is not None else Theme(forum=forum)
    form = ThemeForm(request.POST or None, instance=theme, forum=forum)
    return settings_form_page(
        request,
        forum,
        form,
        lambda: theme_save(forum=forum, by=request.user, theme=form.instance),
        title=theme.name if theme.pk else _("New theme"),
        saved=_("Saved."),
        done="settings_themes",
        back_url="settings_themes",
        intro=_("A theme of the programme; with a main theme, a sub-theme."),
    )
