"""Transcript search as the archive grows: 30 and then 300 published sessions of 10,000 words each.

Works in its own PostgreSQL database (<DATABASE_URL's name>_searchbench, dropped at the end), with
the project's settings, migrations and GIN index. The text is drawn from a vocabulary of 6,000
words with a Zipf-like frequency, so that queries range from common to rare words; each query runs
the same selector as the search page (count, rank, highlighted snippets of the first page). Prints
the median time per query at 30 and 300 sessions and their ratio; exits 1 when the ratio reaches 10
(search time would then grow with the archive rather than with what is found).
TRANSCRIPT_BENCH_WORDS=2000 makes the sessions shorter for a quick run.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support.databases import bench_database_url, recreate_database  # noqa: E402

BENCH_URL, ADMIN_URL, BENCH_DB = bench_database_url("searchbench")
os.environ["DATABASE_URL"] = BENCH_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")

WORDS = int(os.environ.get("TRANSCRIPT_BENCH_WORDS", "10000"))
WORDS_PER_SEGMENT = 25
SIZES = (30, 300)
REPEATS = 5
QUERIES = [
    "connectivity",  # common
    "digital cooperation",  # two common words
    "interoperable",  # middling
    '"capacity development"',  # a phrase
    "cryptography -quantum",  # rare, with an exclusion
    "word5800",  # among the rarest
]
DOMAIN = [
    "connectivity",
    "digital",
    "cooperation",
    "governance",
    "internet",
    "capacity",
    "development",
    "interoperable",
    "privacy",
    "security",
    "cryptography",
    "quantum",
    "youth",
    "gender",
    "multistakeholder",
    "access",
    "infrastructure",
    "policy",
    "data",
    "rights",
]


def vocabulary() -> tuple[list[str], list[float]]:
    words = DOMAIN + [f"word{i}" for i in range(len(DOMAIN), 6000)]
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return words, weights


def seed(count: int, start: int, rng: random.Random, forum, session_type, secretariat) -> None:
    from sessions.models import Session
    from transcripts.models import Segment, Transcript
    from transcripts.services.segments import index_segments

    words, weights = vocabulary()
    for number in range(start, start + count):
        session = Session.objects.create(
            forum=forum, session_type=session_type, title=f"Session {number}", duration=60
        )
        transcript = Transcript.objects.create(
            session=session, status=Transcript.Status.PUBLISHED, published_by=secretariat
        )
        text = rng.choices(words, weights, k=WORDS)
        Segment.objects.bulk_create(
            [
                Segment(
                    transcript=transcript,
                    sequence=index,
                    start_ms=index * 10_000,
                    end_ms=index * 10_000 + 9_000,
                    text=" ".join(text[at : at + WORDS_PER_SEGMENT]),
                    source=Segment.Source.IMPORT,
                )
                for index, at in enumerate(range(0, WORDS, WORDS_PER_SEGMENT))
            ],
            batch_size=1000,
        )
        index_segments(transcript=transcript)


def measure() -> dict[str, float]:
    from transcripts.selectors import SearchFilters, transcript_search

    timings = {}
    for query in QUERIES:
        runs = []
        for _ in range(REPEATS):
            began = time.perf_counter()
            page = transcript_search(query=query, filters=SearchFilters())
            list(page.hits)
            runs.append(time.perf_counter() - began)
        timings[query] = statistics.median(runs)
    return timings


def explain() -> None:
    """The plans of the rarest and the most common query (TRANSCRIPT_BENCH_EXPLAIN=1)."""
    from django.db import connection

    from transcripts.selectors import SearchFilters, search_querysets

    for query in (QUERIES[-1],):
        for queryset in search_querysets(query=query, filters=SearchFilters()):
            sql, params = queryset.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN ANALYZE {sql}", params)
                print("\n".join(row[0] for row in cursor.fetchall()))


def main() -> int:
    recreate_database(ADMIN_URL, BENCH_DB)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0, interactive=False)
        import datetime as dt

        from forum.models import Forum, User
        from sessions.models import SessionType

        forum = Forum.objects.create(
            name="Search bench",
            slug="search-bench",
            acronym="searchbench",
            start_date=dt.date(2030, 1, 6),
            end_date=dt.date(2030, 1, 9),
        )
        session_type = SessionType.objects.create(
            forum=forum, code="workshop", name="Workshop", allowed_durations=[60]
        )
        secretariat = User.objects.create_user(email="bench@example.org", password=None)
        rng = random.Random(2026)
        results, seeded = {}, 0
        for size in SIZES:
            began = time.perf_counter()
            seed(size - seeded, seeded, rng, forum, session_type, secretariat)
            seeded = size
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            print(
                f"{size} sessions of {WORDS:,} words seeded in {time.perf_counter() - began:.0f} s"
            )
            results[size] = measure()
        if os.environ.get("TRANSCRIPT_BENCH_EXPLAIN"):
            explain()
        small, large = SIZES
        print(f"{'query':<26}{small:>8} sess.{large:>8} sess.   ratio")
        ratios = []
        for query in QUERIES:
            ratio = results[large][query] / results[small][query]
            ratios.append(ratio)
            print(
                f"{query:<26}{results[small][query] * 1000:>9.1f} ms"
                f"{results[large][query] * 1000:>9.1f} ms{ratio:>8.2f}"
            )
        overall = statistics.median(ratios)
        total_small = sum(results[small].values()) * 1000
        total_large = sum(results[large].values()) * 1000
        print(
            f"all queries: {total_small:.1f} ms at {small}, {total_large:.1f} ms at {large}; "
            f"median ratio {overall:.2f} for {large // small}x the text"
        )
        return 1 if overall >= 10 else 0
    finally:
        from django.db import connections

        connections.close_all()
        recreate_database(ADMIN_URL, BENCH_DB, drop_only=True)


if __name__ == "__main__":
    sys.exit(main())
