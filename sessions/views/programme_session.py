"""A session of the published programme, bookmarks ("My schedule") and the personal feed."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum.selectors import forum_for_viewer
from forum.timezones import viewer_zone
from sessions.exports.ical import calendar
from sessions.models import CalendarFeed, Session
from sessions.rules.public_programme import can_bookmark_session, can_view_programme
from sessions.selectors.public_programme import (
    bookmarked_ids,
    current_version,
    published_programme,
    session_links,
    session_panels,
)
from sessions.services.bookmarks import bookmark_set, calendar_feed_for, calendar_feed_regenerate
from sessions.views.programme_common import (
    display_zone,
    etag_for,
    page_key,
    programme_forum,
    revalidated,
)
from sessions.views.programme_exports import base_url

# The characters json_script escapes, so that data never closes its <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
SCHEMA = "https://schema.org/"


def json_ld(data: dict) -> str:
    """``data`` as a schema.org ``application/ld+json`` block: data, never executed, escaped the
    way ``json_script`` escapes."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def event_json_ld(*, forum, entry, url: str, live_url: str) -> dict:
    """The schema.org Event of a published session."""
    place = {
        "@type": "Place",
        "name": entry.room,
        "address": ", ".join(
            p for p in (forum.venue, forum.city, forum.country.name if forum.country else "") if p
        )
        or entry.room,
    }
    locations: list[dict] = [place]
    if entry.online:
        locations.append({"@type": "VirtualLocation", "url": live_url})
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": entry.title,
        "description": entry.description,
        "startDate": entry.starts_at.astimezone(forum.tzinfo).isoformat(),
        "endDate": entry.ends_at.astimezone(forum.tzinfo).isoformat(),
        "eventStatus": SCHEMA + ("EventCancelled" if entry.is_cancelled else "EventScheduled"),
        "eventAttendanceMode": SCHEMA
        + ("MixedEventAttendanceMode" if entry.online else "OfflineEventAttendanceMode"),
        "location": locations if len(locations) > 1 else place,
        "inLanguage": entry.language,
        "url": url,
        "organizer": [
            {"@type": "Organization", "name": org or name} for name, org in entry.organizers
        ]
        or [{"@type": "Organization", "name": forum.name}],
        "performer": [
            {"@type": "Person", "name": p.name}
            | (
                {"affiliation": {"@type": "Organization", "name": p.organisation}}
                if p.organisation
                else {}
            )
            for p in entry.speakers
        ],
        "superEvent": {
            "@type": "Event",
            "name": forum.name,
            "url": f"{base_url_of(url)}/forums/{forum.slug}/",
        },
    }


def base_url_of(url: str) -> str:
    return url.split("/forums/", 1)[0]


def _published_entry(request: HttpRequest, slug: str, session_id: int):
    forum = programme_forum(request, slug)
    version = current_version(forum=forum)
    programme = published_programme(forum=forum, version=version) if version else None
    entry = programme.entry(session_id) if programme else None
    if entry is None:
        raise Http404("No such session in the programme.")
    return forum, version, programme, entry


def session_page(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    forum, version, programme, entry = _published_entry(request, slug, session_id)
    zone = display_zone(request, forum)
    timezone.activate(forum.tzinfo)
    bookmarked = entry.id in bookmarked_ids(viewer=request.user, forum=forum)
    session = Session(pk=entry.id, forum=forum)
    panels = session_panels(session=session, viewer=request.user)
    key = page_key(forum, version, "session", zone, entry.id, bookmarked, panels.stamp)
    etag = etag_for(key, request)

    def build() -> HttpResponse:
        base = base_url(request)
        url = f"{base}/forums/{forum.slug}/sessions/{entry.id}/"
        live_url = base + session.get_live_url()
        other = viewer_zone(request)
        return render(
            request,
            "sessions/programme/session.html",
            {
                "forum": forum,
                "entry": entry,
                "version": version,
                "forum_zone": forum.tzinfo,
                "viewer_zone": other if other and other.key != forum.timezone else None,
                "bookmarked": bookmarked,
                "may_bookmark": request.user.is_authenticated,
                "live_url": session.get_live_url(),
                "links": session_links(session=session, viewer=request.user),
                "panels": panels.shown,
                "json_ld": json_ld(
                    event_json_ld(forum=forum, entry=entry, url=url, live_url=live_url)
                ),
            },
        )

    return revalidated(request, etag, build, public=False)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
@login_required
def bookmark(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """Add a session to My schedule (``on=1``) or remove it (``on=0``)."""
    forum = programme_forum(request, slug)
    session = Session.objects.filter(forum=forum, pk=session_id).select_related("forum").first()
    if session is None or not can_bookmark_session.test(request.user, session):
        raise Http404("No such session in the programme.")
    try:
        on = bookmark_set(session=session, by=request.user, on=request.POST.get("on") == "1")
    except PermissionDenied:
        raise Http404("No such session in the programme.") from None
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"session": session.pk, "bookmarked": on})
    messages.success(
        request,
        _("Added to My schedule.") if on else _("Removed from My schedule."),
    )
    return redirect(_safe_next(request, f"/forums/{forum.slug}/sessions/{session.pk}/"))


@login_required
def my_schedule(request: HttpRequest, slug: str) -> HttpResponse:
    forum = programme_forum(request, slug)
    zone = display_zone(request, forum)
    timezone.activate(zone)
    version = current_version(forum=forum)
    programme = published_programme(forum=forum, version=version) if version else None
    ids = bookmarked_ids(viewer=request.user, forum=forum)
    entries = [e for e in programme.entries if e.id in ids] if programme else []
    feed = calendar_feed_for(user=request.user)
    return render(
        request,
        "sessions/programme/mine.html",
        {
            "forum": forum,
            "entries": entries,
            "published": programme is not None,
            "feed_url": request.build_absolute_uri(
                f"/forums/{forum.slug}/programme/mine/{feed.token}.ics"
            ),
        },
    )


@require_POST
@login_required
def feed_regenerate(request: HttpRequest, slug: str) -> HttpResponse:
    forum = programme_forum(request, slug)
    calendar_feed_regenerate(user=request.user)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect(f"/forums/{forum.slug}/programme/mine/")


def personal_feed(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """A person's bookmarked sessions as iCalendar, at their secret address (no login: calendar
    apps cannot log in)."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar.")
    forum = forum_for_viewer(slug=slug, viewer=feed.user)
    if not can_view_programme.test(feed.user, forum):
        raise Http404("No such calendar.")
    version = current_version(forum=forum)
    programme = published_programme(forum=forum, version=version) if version else None
    if programme is None:
        raise Http404("The programme is not published yet.")
    ids = bookmarked_ids(viewer=feed.user, forum=forum)
    body = calendar(
        forum=forum,
        programme=programme,
        entries=[e for e in programme.entries if e.id in ids],
        base_url=base_url(request),
        name=_("My schedule: %(forum)s") % {"forum": forum.name},
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-cache"
    return response
