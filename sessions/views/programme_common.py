"""What the public programme's pages and exports share: the forum, its published version, the
zone the viewer reads it in, and revalidation (ETag, 304) of what is built once per version."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from forum.selectors import forum_for_viewer
from forum.timezones import viewer_zone
from sessions.rules.public_programme import can_view_programme
from sessions.selectors.public_programme import programme_cache_key


def programme_forum(request: HttpRequest, slug: str):
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    if not can_view_programme.test(request.user, forum):
        raise Http404("No such forum.")
    return forum


def display_zone(request: HttpRequest, forum) -> dt.tzinfo:
    """The viewer's chosen zone on the programme pages, else the forum's."""
    return viewer_zone(request) or forum.tzinfo


def zone_name(zone: dt.tzinfo) -> str:
    return getattr(zone, "key", str(zone))


def page_key(forum, version, kind: str, zone: dt.tzinfo, *parts: object) -> str:
    return programme_cache_key(forum, version, kind, get_language(), zone_name(zone), *parts)


def etag_for(key: str, request: HttpRequest | None = None) -> str:
    """A strong ETag from the cache key, and for a page that carries a form also from the viewer
    (their account and CSRF secret), so that no one revalidates a page made for someone else."""
    material = key
    if request is not None:
        material += f"|{request.user.pk or ''}|{request.COOKIES.get('csrftoken', '')}"
    return '"' + hashlib.sha256(material.encode()).hexdigest()[:32] + '"'


def not_modified(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    return any(tag.strip() in {etag, "*", f"W/{etag}"} for tag in header.split(","))


def revalidated(
    request: HttpRequest, etag: str, build: Callable[[], HttpResponse], *, public: bool
) -> HttpResponse:
    """``build()``'s response with ``etag``, or 304 when the client holds it already."""
    response = HttpResponseNotModified() if not_modified(request, etag) else build()
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-cache"
    if not public:
        patch_vary_headers(response, ["Cookie"])
    return response
