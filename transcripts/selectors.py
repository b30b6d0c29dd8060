"""Reading transcripts: one session's, and full-text search across a forum's or all forums'
published transcripts (PostgreSQL text search with a GIN index; a substring search on SQLite)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from transcripts.models import Segment, Transcript

#: Markers ts_headline puts around matches; stored text never holds control characters.
START, STOP = "\x01", "\x02"
PAGE_SIZE = 20
MAX_QUERY = 200
#: Matches ranked at most: a word said in most sessions matches a large share of the archive, and
#: ranking every match would make such a search grow with the archive. Past this many, the count
#: says "more than" and the ranking is among the first CANDIDATES matches the index returns.
CANDIDATES = 5000


@dataclass(frozen=True)
class SearchFilters:
    forum_id: int | None = None
    theme_id: int | None = None
    session_type_id: int | None = None
    day: dt.date | None = None
    #: The zone the day is read in (the forum's when searching one forum).
    zone: str = "UTC"


@dataclass(frozen=True)
class Hit:
    segment: Segment
    snippet: SafeString
    rank: float


@dataclass(frozen=True)
class SearchPage:
    hits: list[Hit]
    total: int
    page: int
    #: True when there are more than ``total`` (= CANDIDATES) matches.
    more: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def published_segments(*, filters: SearchFilters) -> QuerySet[Segment]:
    rows = Segment.objects.filter(
        transcript__status=Transcript.Status.PUBLISHED,
        transcript__session__is_public=True,
        transcript__session__forum__is_public=True,
    )
    if filters.forum_id:
        rows = rows.filter(transcript__session__forum_id=filters.forum_id)
    if filters.theme_id:
        rows = rows.filter(
            Q(transcript__session__theme_id=filters.theme_id)
            | Q(transcript__session__subtheme_id=filters.theme_id)
        )
    if filters.session_type_id:
        rows = rows.filter(transcript__session__session_type_id=filters.session_type_id)
    if filters.day:
        start, end = day_bounds(filters.day, filters.zone)
        rows = rows.filter(
            transcript__session__starts_at__gte=start, transcript__session__starts_at__lt=end
        )
    return rows


def _marked(text: str) -> SafeString:
    return mark_safe(  # noqa: S308 - escaped first; only our own markers become tags
        escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    )


def _configs() -> list[str]:
    return sorted(
        Transcript.objects.filter(status=Transcript.Status.PUBLISHED)
        .order_by()
        .values_list("search_config", flat=True)
        .distinct()
    )


def _snippet_around(text: str, query: str, width: int = 90) -> str:
    at = text.lower().find(query.lower())
    if at < 0:
        return text[: 2 * width]
    start, end = max(0, at - width), min(len(text), at + len(query) + width)
    return (
        ("… " if start else "")
        + text[start:at]
        + START
        + text[at : at + len(query)]
        + STOP
        + text[at + len(query) : end]
        + (" …" if end < len(text) else "")
    )


def search_querysets(*, query: str, filters: SearchFilters) -> tuple[QuerySet, QuerySet]:
    """On PostgreSQL: the matching segments, and the same ranked with their headlines."""
    configs = _configs() or ["simple"]
    # One constant query (the words in each language used), so that the GIN index serves it.
    tsquery = reduce(
        lambda left, right: left | right,
        [SearchQuery(query, config=config, search_type="websearch") for config in configs],
    )
    found = published_segments(filters=filters).filter(search_vector=tsquery)
    candidates = found.order_by().values("pk")[:CANDIDATES]
    ranked = (
        Segment.objects.filter(pk__in=candidates)
        .select_related("transcript__session__forum", "transcript__session__room")
        .annotate(
            rank=SearchRank(F("search_vector"), tsquery),
            headline=SearchHeadline(
                "text",
                tsquery,
                config=F("transcript__search_config"),
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "pk")
    )
    return found, ranked


def transcript_search(*, query: str, filters: SearchFilters, page: int = 1) -> SearchPage:
    """Ranked segments of published transcripts matching ``query`` (web-search syntax: words,
    "quoted phrases", -excluded), with highlighted snippets."""
    query = " ".join(query.split())[:MAX_QUERY]
    page = max(1, page)
    if not query:
        return SearchPage(hits=[], total=0, page=page)
    offset = (page - 1) * PAGE_SIZE
    if connection.vendor != "postgresql":
        rows = published_segments(filters=filters).select_related(
            "transcript__session__forum", "transcript__session__room"
        )
        found = rows.filter(text__icontains=query).order_by("transcript__session_id", "sequence")
        total = found.count()
        hits = [
            Hit(segment=row, snippet=_marked(_snippet_around(row.text, query)), rank=1.0)
            for row in found[offset : offset + PAGE_SIZE]
        ]
        return SearchPage(hits=hits, total=total, page=page)
    found, ranked = search_querysets(query=query, filters=filters)
    total = found.order_by()[: CANDIDATES + 1].count()
    ranked = ranked[offset : offset + PAGE_SIZE]
    hits = [Hit(segment=row, snippet=_marked(row.headline), rank=row.rank) for row in ranked]
    return SearchPage(hits=hits, total=min(total, CANDIDATES), page=page, more=total > CANDIDATES)


def transcript_of(*, session) -> Transcript | None:
    return Transcript.objects.filter(session=session).select_related("session__forum").first()


def day_bounds(day: dt.date, zone: str) -> tuple[dt.datetime, dt.datetime]:
    tz = zoneinfo.ZoneInfo(zone)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    return start, start + dt.timedelta(days=1)


def forum_transcript_summary(*, forum, viewer) -> dict:
    """What the forum page says of transcripts: the search, and the captioner's page for
    captioners (roles are cached on the viewer: no query)."""
    from forum.rules import is_captioner

    return {"is_captioner": is_captioner.test(viewer, forum)}
