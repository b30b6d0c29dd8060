"""The programme's exports at stable public addresses: schedule.xml, schedule.json,
programme.ics and one session's .ics. Each is built once per published version and cached;
clients revalidate with the ETag (304)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language

from sessions.exports.frab_json import schedule_json
from sessions.exports.frab_xml import schedule_xml
from sessions.exports.ical import programme_ics, session_ics
from sessions.selectors.public_programme import (
    CACHE_TIMEOUT,
    current_version,
    programme_cache_key,
    published_programme,
)
from sessions.views.programme_common import etag_for, programme_forum, revalidated


def base_url(request: HttpRequest) -> str:
    """Where the exports' links point: the site's public address, else this request's."""
    return (settings.SITE_URL or request.build_absolute_uri("/")).rstrip("/")


def _export(
    request: HttpRequest, slug: str, kind: str, content_type: str, build: Callable[..., bytes]
) -> HttpResponse:
    forum = programme_forum(request, slug)
    version = current_version(forum=forum)
    if version is None:
        raise Http404("The programme is not published yet.")
    base = base_url(request)
    key = programme_cache_key(forum, version, "export", kind, get_language(), base)
    etag = etag_for(key)

    def respond() -> HttpResponse:
        body = cache.get(key)
        if body is None:
            programme = published_programme(forum=forum, version=version)
            body = build(forum=forum, programme=programme, base_url=base)
            cache.set(key, body, CACHE_TIMEOUT)
        response = HttpResponse(body, content_type=content_type)
        response["Access-Control-Allow-Origin"] = "*"  # public data, read by web apps too
        return response

    return revalidated(request, etag, respond, public=True)


def schedule_xml_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _export(request, slug, "xml", "application/xml; charset=utf-8", schedule_xml)


def schedule_json_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _export(request, slug, "json", "application/json", schedule_json)


def programme_ics_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _export(request, slug, "ics", "text/calendar; charset=utf-8", programme_ics)


def session_ics_view(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    def build(*, forum, programme, base_url: str) -> bytes:
        entry = programme.entry(session_id)
        if entry is None:
            raise Http404("No such session in the programme.")
        return session_ics(forum=forum, programme=programme, entry=entry, base_url=base_url)

    response = _export(
        request, slug, f"session-{session_id}", "text/calendar; charset=utf-8", build
    )
    response["Content-Disposition"] = f'inline; filename="session-{session_id}.ics"'
    return response
