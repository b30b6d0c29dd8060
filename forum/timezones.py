"""Time zones of forum pages and of the people who read them.

Every page under ``/forums/<slug>/`` is rendered in the forum's time zone: ``ForumTimezoneMiddleware``
activates it for the request from the slug of the address, and deactivates it after. The zone of a
slug is kept in the cache, written whenever a forum is loaded for a page
(:func:`activate_forum_zone`, called by the forum selectors), so the middleware costs no query;
when the cache does not know the slug yet, the selector that loads the forum activates its zone
before anything is rendered.

A viewer may read the programme in their own zone: :func:`viewer_zone` reads it from a cookie
(set by the zone switch on the programme pages; the browser's zone is offered as the default by
static JavaScript).
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from functools import lru_cache

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

#: The cookie that remembers the zone a viewer reads the programme in.
VIEWER_ZONE_COOKIE = "plenaria_tz"
VIEWER_ZONE_MAX_AGE = 365 * 24 * 3600
_FORUM_PATH = re.compile(r"^/forums/(?P<slug>[-a-zA-Z0-9_]+)/")
_CACHE_TIMEOUT = 3600


def _cache_key(slug: str) -> str:
    return f"forum-zone:{slug}"


@lru_cache(maxsize=1)
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def zone_or_none(name: str | None) -> zoneinfo.ZoneInfo | None:
    """The zone called ``name`` if it is a known IANA zone, else None (never raises)."""
    if not name or len(name) > 64 or name not in known_zones():
        return None
    return zoneinfo.ZoneInfo(name)


def activate_forum_zone(forum) -> None:
    """Render the rest of this request in ``forum``'s zone, and remember the zone of its slug."""
    timezone.activate(forum.tzinfo)
    if cache.get(_cache_key(forum.slug)) != forum.timezone:
        cache.set(_cache_key(forum.slug), forum.timezone, _CACHE_TIMEOUT)


def forum_slug_of(path: str) -> str | None:
    match = _FORUM_PATH.match(path)
    return match.group("slug") if match else None


def viewer_zone(request: HttpRequest) -> zoneinfo.ZoneInfo | None:
    """The zone the viewer chose to read the programme in, if any (and if it is a real zone)."""
    return zone_or_none(request.COOKIES.get(VIEWER_ZONE_COOKIE))


def zone_label(zone: dt.tzinfo, when: dt.datetime | None = None) -> str:
    """How a zone is named next to a time: its name and its offset at ``when`` (or now),
    e.g. "Europe/Zurich (UTC+01:00)"."""
    when = when or timezone.now()
    offset = when.astimezone(zone).strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    name = getattr(zone, "key", None) or str(zone)
    return name if name == "UTC" else f"{name} ({offset})"


class ForumTimezoneMiddleware:
    """Activates the forum's zone for ``/forums/<slug>/...`` and resets it after every request."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(self.get_response):
            markcoroutinefunction(self)

    def _activate(self, request: HttpRequest) -> None:
        slug = forum_slug_of(request.path_info)
        name = cache.get(_cache_key(slug)) if slug else None
        zone = zone_or_none(name)
        if zone is not None:
            timezone.activate(zone)
        else:
            timezone.deactivate()

    def __call__(self, request: HttpRequest):
        if iscoroutinefunction(self):
            return self.__acall__(request)
        self._activate(request)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    async def __acall__(self, request: HttpRequest):
        slug = forum_slug_of(request.path_info)
        if slug is None:  # the trivial and non-forum views: no cache round trip
            return await self.get_response(request)
        name = await cache.aget(_cache_key(slug))
        zone = zone_or_none(name)
        if zone is not None:
            timezone.activate(zone)
        try:
            return await self.get_response(request)
        finally:
            timezone.deactivate()
