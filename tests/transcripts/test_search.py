"""Full-text search over published transcripts on PostgreSQL: ranked, highlighted, filtered, in
each transcript's language, served by the GIN index."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from tests.factories import ThemeFactory
from tests.transcripts.helpers import add_segments, captioned_session
from transcripts.models import Segment
from transcripts.selectors import SearchFilters, transcript_search
from transcripts.services.editing import transcript_publish, transcript_set_language
from transcripts.services.segments import SegmentInput, segments_store

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def published(*texts, language=None, **session_fields):
    case = captioned_session(**session_fields)
    add_segments(case, *texts)
    if language:
        transcript_set_language(
            transcript=case.session.transcript, by=case.secretariat, search_config=language
        )
    transcript_publish(session=case.session, by=case.secretariat)
    return case


def test_results_are_ranked_and_link_to_the_moment():
    weak = published("Some words, then connectivity once.", "Nothing here.")
    strong = published("Connectivity, connectivity and rural connectivity.")
    page = transcript_search(query="connectivity", filters=SearchFilters())
    assert page.total == 2
    assert [hit.segment.transcript.session_id for hit in page.hits] == [
        strong.session.pk,
        weak.session.pk,
    ]
    assert page.hits[0].rank > page.hits[1].rank
    assert page.hits[1].segment.sequence == 0


def test_snippets_highlight_matches_and_escape_the_text():
    published("Connectivity & access <b onclick=x()>matter</b> to everyone.")
    hit = transcript_search(query="connectivity", filters=SearchFilters()).hits[0]
    assert "<mark>Connectivity</mark>" in hit.snippet
    assert "&amp;" in hit.snippet
    # Only our own highlight tags are markup; anything else in the text is shown as text.
    assert "<" not in hit.snippet.replace("<mark>", "").replace("</mark>", "")


def test_stemming_follows_each_transcripts_language():
    english = published("Governments are investing in digital public goods.")
    french = published(
        "Les gouvernements investissent dans les biens publics numériques.", language="french"
    )
    english_hits = transcript_search(query="government", filters=SearchFilters())
    assert [h.segment.transcript.session_id for h in english_hits.hits] == [english.session.pk]
    french_hits = transcript_search(query="gouvernement", filters=SearchFilters())
    assert [h.segment.transcript.session_id for h in french_hits.hits] == [french.session.pk]


def test_drafts_and_private_sessions_are_never_found():
    draft = captioned_session()
    add_segments(draft, "secret connectivity plans")
    published("public connectivity plans", is_public=False)
    assert transcript_search(query="connectivity", filters=SearchFilters()).total == 0


def test_corrections_are_searchable_at_once():
    case = published("the internet gorvenance forum")
    assert transcript_search(query="governance", filters=SearchFilters()).total == 0
    case.session.transcript.status = "draft"
    case.session.transcript.save()
    segments_store(
        session=case.session,
        by=case.captioner,
        segments=[SegmentInput(0, 0, 2500, "the Internet Governance Forum")],
        broadcast=False,
    )
    transcript_publish(session=case.session, by=case.secretariat)
    assert transcript_search(query="governance", filters=SearchFilters()).total == 1


def test_filters_by_forum_theme_type_and_day():
    first = published("cybersecurity norms")
    second = published("cybersecurity capacity")
    theme = ThemeFactory(forum=first.forum)
    first.session.theme = theme
    first.session.starts_at = dt.datetime(2026, 12, 8, 23, 30, tzinfo=dt.UTC)
    first.session.save()
    by_forum = transcript_search(
        query="cybersecurity", filters=SearchFilters(forum_id=second.forum.pk)
    )
    assert [h.segment.transcript.session_id for h in by_forum.hits] == [second.session.pk]
    by_theme = transcript_search(query="cybersecurity", filters=SearchFilters(theme_id=theme.pk))
    assert [h.segment.transcript.session_id for h in by_theme.hits] == [first.session.pk]
    by_type = transcript_search(
        query="cybersecurity",
        filters=SearchFilters(session_type_id=second.session.session_type_id),
    )
    assert [h.segment.transcript.session_id for h in by_type.hits] == [second.session.pk]
    # 23:30 UTC on the 8th is the 9th in Nairobi (UTC+3): the day is read in the forum's zone.
    nairobi = SearchFilters(day=dt.date(2026, 12, 9), zone="Africa/Nairobi")
    assert transcript_search(query="cybersecurity", filters=nairobi).total == 1
    utc = SearchFilters(day=dt.date(2026, 12, 9))
    assert transcript_search(query="cybersecurity", filters=utc).total == 0


def test_the_gin_index_serves_the_search():
    published("connectivity")

    queryset = Segment.objects.filter(
        search_vector=__import__(
            "django.contrib.postgres.search", fromlist=["SearchQuery"]
        ).SearchQuery("connectivity", config="english", search_type="websearch")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "segment_search_gin" in plan, plan


def test_the_search_pages_answer_for_one_forum_and_all(client):
    case = published("Meaningful connectivity in rural areas.")
    page = client.get(f"/forums/{case.forum.slug}/transcripts/search/", {"q": "connectivity"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "1 passage found" in body
    assert f"/sessions/{case.session.pk}/transcript/#t-0" in body
    everywhere = client.get("/transcripts/search/", {"q": "rural", "page": "x"})
    assert "<mark>rural</mark>" in everywhere.content.decode()
    # A NUL in the query is dropped, not a server error.
    assert client.get("/transcripts/search/", {"q": "a\x00b"}).status_code == 200


def test_many_transcripts_in_one_language_make_one_query_per_language():
    for _ in range(3):
        published("connectivity")
    published("connectivité", language="french")
    from transcripts.selectors import _configs

    assert _configs() == ["english", "french"]


def test_past_the_candidate_cap_the_count_says_more(monkeypatch):
    from transcripts import selectors

    monkeypatch.setattr(selectors, "CANDIDATES", 2)
    published("connectivity one", "connectivity two", "connectivity three")
    page = transcript_search(query="connectivity", filters=SearchFilters())
    assert (page.total, page.more, len(page.hits)) == (2, True, 2)
