"""Published transcripts: the page, the exports at stable URLs, search, and the caption screen."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render

from forum.models import Forum, Theme
from forum.rules import can_view_forum
from remote_hubs.selectors import live_access_or_404
from sessions.models import Session, SessionType
from transcripts import exports
from transcripts.rules import can_edit_transcript, can_read_transcript
from transcripts.selectors import SearchFilters, transcript_of, transcript_search

FORMATS = {
    "txt": ("text/plain; charset=utf-8", exports.as_text),
    "vtt": ("text/vtt; charset=utf-8", exports.as_vtt),
    "srt": ("application/x-subrip; charset=utf-8", exports.as_srt),
}


def _readable(request: HttpRequest, slug: str, session_id: int):
    session = get_object_or_404(
        Session.objects.select_related("forum", "room", "session_type"),
        pk=session_id,
        forum__slug=slug,
    )
    transcript = transcript_of(session=session)
    if transcript is None or not can_read_transcript.test(request.user, transcript):
        raise Http404
    return session, transcript


def transcript_page(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, transcript = _readable(request, slug, session_id)
    return render(
        request,
        "transcripts/transcript.html",
        {
            "session": session,
            "forum": session.forum,
            "transcript": transcript,
            "segments": transcript.segments.order_by("sequence").iterator(chunk_size=2000),
            "notice": exports.notice(),
            "can_edit": can_edit_transcript.test(request.user, session),
        },
    )


def transcript_export(request: HttpRequest, slug: str, session_id: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    session, transcript = _readable(request, slug, session_id)
    content_type, render_export = FORMATS[fmt]
    response = StreamingHttpResponse(render_export(transcript), content_type=content_type)
    response["Content-Disposition"] = (
        f'inline; filename="{session.forum.acronym}-session-{session.pk}.{fmt}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def search(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    forum = None
    if slug is not None:
        forum = get_object_or_404(Forum, slug=slug)
        if not can_view_forum.test(request.user, forum):
            raise Http404
    query = request.GET.get("q", "").replace("\x00", "")
    filters = SearchFilters(
        forum_id=forum.pk if forum else None,
        theme_id=_int(request.GET.get("theme")),
        session_type_id=_int(request.GET.get("type")),
        day=_day(request.GET.get("day")),
        zone=forum.timezone if forum else "UTC",
    )
    results = transcript_search(
        query=query, filters=filters, page=_int(request.GET.get("page")) or 1
    )
    themes = Theme.objects.filter(forum=forum) if forum else Theme.objects.none()
    types = SessionType.objects.filter(forum=forum) if forum else SessionType.objects.none()
    return render(
        request,
        "transcripts/search.html",
        {
            "forum": forum,
            "query": query,
            "filters": filters,
            "results": results,
            "themes": themes,
            "types": types,
        },
    )


def caption_screen(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """Full-screen live captions for a room screen or a hub's projector (read-only)."""
    access = live_access_or_404(slug=slug, session_id=session_id, viewer=request.user)
    return render(
        request,
        "transcripts/caption_screen.html",
        {
            "session": access.session,
            "caption_config": {"wsPath": f"/ws/live/{access.session.pk}/"},
        },
    )
