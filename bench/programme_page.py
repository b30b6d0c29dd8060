"""Requests per second of the public programme page and of schedule.xml, each as a ratio of a
trivial view (/robots.txt, a constant answer) served by the same daphne process in the same run.

The bench writes its own forum (``bench-programme``: 300 sessions in 14 rooms over 4 days, one
published version) through the ORM with the project's settings, starts daphne on a free port with
the same environment (services mode when DATABASE_URL is set, embedded otherwise), warms each
address once, then for each address runs a closed-loop load: PROGRAMME_BENCH_CLIENTS threads
(default 8), each with its own keep-alive connection, sending requests back to back for
PROGRAMME_BENCH_SECONDS (default 5). The offered load is that concurrency; the result is the
throughput, latency percentiles, and the ratio to /robots.txt. A request that does not answer 200
with the expected body fails the bench (lost or wrong work), not only slowness.
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from bench.support.load import closed_loop, free_port, start_daphne  # noqa: E402
from forum.models import Forum, Room  # noqa: E402
from sessions.models import ProgrammeVersion, Session, SessionType  # noqa: E402

SLUG = "bench-programme"
CLIENTS = int(os.environ.get("PROGRAMME_BENCH_CLIENTS", "8"))
SECONDS = float(os.environ.get("PROGRAMME_BENCH_SECONDS", "5"))
SESSIONS, ROOMS, DAYS = 300, 14, 4


@transaction.atomic
def build_forum() -> Forum:
    # A fresh copy each run (sessions protect their types, so they go first).
    Session.objects.filter(forum__slug=SLUG).delete()
    Forum.objects.filter(slug=SLUG).delete()
    forum = Forum.objects.create(
        name="Bench forum",
        slug=SLUG,
        acronym="benchprogramme",
        start_date=dt.date(2030, 12, 1),
        end_date=dt.date(2030, 12, DAYS),
        timezone="Europe/Oslo",
    )
    rooms = [
        Room.objects.create(forum=forum, name=f"Room {r + 1}", capacity=100, layout="theatre")
        for r in range(ROOMS)
    ]
    stype = SessionType.objects.create(forum=forum, code="workshop", name="Workshop")
    slots_per_day = 8
    sessions = []
    for i in range(SESSIONS):
        day, rest = divmod(i, ROOMS * slots_per_day)
        slot, room = divmod(rest, ROOMS)
        start = dt.datetime.combine(
            forum.start_date + dt.timedelta(days=day % DAYS),
            dt.time(9 + slot),
            tzinfo=forum.tzinfo,
        )
        sessions.append(
            Session(
                forum=forum,
                session_type=stype,
                title=f"Bench session {i}",
                description="A session of the bench programme. " * 5,
                duration=60,
                room=rooms[room],
                starts_at=start,
                ends_at=start + dt.timedelta(hours=1),
            )
        )
    Session.objects.bulk_create(sessions)
    ProgrammeVersion.objects.create(forum=forum, number=1, snapshot=[], changelog={})
    return forum


def fetch(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    return response.status, response.read()


def main() -> int:
    if settings.PLENARIA_MODE == "embedded":
        call_command("migrate", verbosity=0)
    forum = build_forum()
    port = free_port()
    server = start_daphne(port)
    targets = [
        ("/robots.txt (reference)", "/robots.txt", b"User-agent"),
        ("programme page", f"/forums/{forum.slug}/programme/", b"Bench session 299"),
        ("schedule.xml", f"/forums/{forum.slug}/schedule.xml", b"<conference>"),
    ]
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for _label, path, marker in targets:  # warm up: imports, the programme's cache
            status, body = fetch(conn, path)
            if status != 200 or marker not in body:
                print(f"FAIL warm-up {path}: {status} {body[:200]!r}")
                return 1
        conn.close()
        print(
            f"mode={settings.PLENARIA_MODE}, {SESSIONS} sessions in {ROOMS} rooms over {DAYS} "
            f"days; offered load: {CLIENTS} concurrent keep-alive clients, closed loop, "
            f"{SECONDS:.0f} s per address, one daphne process"
        )
        results = {
            label: closed_loop([port], path, marker, clients=CLIENTS, seconds=SECONDS)
            for label, path, marker in targets
        }
    finally:
        server.terminate()
        server.wait(timeout=10)
    reference = results["/robots.txt (reference)"]["rps"]
    failed = False
    for label, r in results.items():
        print(
            f"{label:22s} {r['rps']:8.1f} req/s  ratio {r['rps'] / reference:5.2f}  "
            f"p50 {r['p50']:6.1f} ms  p99 {r['p99']:6.1f} ms  ({r['requests']} requests, "
            f"{len(r['failures'])} failed)"
        )
        if r["failures"] or not r["requests"]:
            failed = True
            print(f"  FAIL: {r['failures'][:3]}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
