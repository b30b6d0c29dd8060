"""The public programme: the day list, the rooms grid, "now and next", and the zone switch.

The heavy part of each page (filters and sessions) is rendered once per published version,
language, zone and filter set, and cached without anything personal in it (no CSRF token, no
bookmarks); the page around it (the viewer's account, the zone switch, the bookmarks as data for
``programme.js``) is rendered per request.
"""

from __future__ import annotations

from dataclasses import replace

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from forum.timezones import VIEWER_ZONE_COOKIE, VIEWER_ZONE_MAX_AGE, zone_or_none
from sessions.models import SESSION_LANGUAGES
from sessions.selectors.programme_filters import (
    days_of,
    filter_entries,
    filters_from,
    grid_of,
    now_and_next,
)
from sessions.selectors.public_programme import (
    CACHE_TIMEOUT,
    bookmarked_ids,
    current_version,
    published_programme,
)
from sessions.views.programme_common import (
    display_zone,
    etag_for,
    page_key,
    programme_forum,
    revalidated,
    zone_name,
)

VIEWS = {"days": "sessions/programme/_days.html", "rooms": "sessions/programme/_grid.html"}


def _body(forum, version, programme, filters, zone, view: str, grid_day) -> str:
    """The cached part of the page, built from the cached programme on a miss."""
    key = page_key(forum, version, view, zone, filters.key(), grid_day or "")
    html = cache.get(key)
    if html is None:
        entries = filter_entries(programme.entries, filters, zone=zone)
        context = {
            "forum": forum,
            "programme": programme,
            "filters": filters,
            "entries": entries,
            "days": days_of(entries, zone=zone),
            "languages": [(c, n) for c, n in SESSION_LANGUAGES if c in programme.languages],
            "view": view,
        }
        if view == "rooms":
            all_days = [d for d, _ in days_of(programme.entries, zone=zone)]
            day = grid_day if grid_day in all_days else (all_days[0] if all_days else None)
            day_entries = [e for e in entries if e.starts_at.astimezone(zone).date() == day]
            context.update(
                grid_days=all_days,
                grid_day=day,
                grid=grid_of(day_entries, programme.rooms, zone=zone),
            )
        html = render_to_string(VIEWS[view], context)
        cache.set(key, html, CACHE_TIMEOUT)
    return html


def _programme_page(request: HttpRequest, slug: str, view: str) -> HttpResponse:
    forum = programme_forum(request, slug)
    zone = display_zone(request, forum)
    timezone.activate(zone)
    version = current_version(forum=forum)
    if version is None:
        return render(request, "sessions/programme/unpublished.html", {"forum": forum})
    filters = filters_from(request.GET)
    programme = published_programme(forum=forum, version=version)
    grid_day = filters.day if view == "rooms" else None
    if view == "rooms":
        filters = replace(filters, day=None)
    running, upcoming = now_and_next(programme.entries, zone=zone)
    mine = sorted(bookmarked_ids(viewer=request.user, forum=forum))
    key = page_key(forum, version, view, zone, filters.key(), grid_day or "")
    personal = f"{mine}|{[e.id for e in running]}|{[e.id for e in upcoming]}"
    etag = etag_for(f"{key}|{personal}", request)

    def build() -> HttpResponse:
        return render(
            request,
            "sessions/programme/page.html",
            {
                "forum": forum,
                "version": version,
                "view": view,
                "zone": zone_name(zone),
                "forum_zone": forum.timezone,
                "body": mark_safe(  # noqa: S308 - our own template, rendered and escaped above
                    _body(forum, version, programme, filters, zone, view, grid_day)
                ),
                "running": running,
                "upcoming": upcoming,
                "bookmarks": mine,
            },
        )

    return revalidated(request, etag, build, public=False)


def programme_days(request: HttpRequest, slug: str) -> HttpResponse:
    return _programme_page(request, slug, "days")


def programme_rooms(request: HttpRequest, slug: str) -> HttpResponse:
    return _programme_page(request, slug, "rooms")


@require_POST
def programme_zone(request: HttpRequest, slug: str) -> HttpResponse:
    """Remember the zone the viewer reads the programme in (empty: the forum's)."""
    forum = programme_forum(request, slug)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = forum.get_absolute_url() + "programme/"
    response = HttpResponseRedirect(target)
    zone = zone_or_none(request.POST.get("zone", ""))
    if zone is None:
        response.delete_cookie(VIEWER_ZONE_COOKIE, samesite="Lax")
    else:
        response.set_cookie(
            VIEWER_ZONE_COOKIE,
            zone_name(zone),
            max_age=VIEWER_ZONE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
