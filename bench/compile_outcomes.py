"""Compiling the forum's outputs at 30 and at 300 approved reports (the igf demo's size).

Works in its own PostgreSQL database (<DATABASE_URL's name>_compilebench, dropped at the end) with
the project's settings and migrations. Creates an IGF-sized forum (8 themes, 2 sub-themes each,
sessions of the demo's types, 11 action lines) and bulk-creates approved short and full reports,
then builds each compilation through the same service the Celery task calls
(``outputs.services.builds.build_run``) and prints, per compilation and size, the seconds spent per
format (read = the database, html, docx, pdf) and the peak Python memory of the build (tracemalloc;
WeasyPrint's C libraries are outside it), with the 300/30 ratios. Exits 1 when a build fails or
makes other than one version, or when peak memory grows 10x for 10x the reports (it would then
hold the reports rather than stream them).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support.databases import bench_database_url, recreate_database  # noqa: E402

BENCH_URL, ADMIN_URL, BENCH_DB = bench_database_url("compilebench")
os.environ["DATABASE_URL"] = BENCH_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
os.environ["PLENARIA_VAR_DIR"] = tempfile.mkdtemp(prefix="compilebench-")
SIZES = (30, 300)
WORDS = [
    "digital",
    "cooperation",
    "connectivity",
    "governance",
    "capacity",
    "rights",
    "security",
    "data",
    "access",
]


def text(rng, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def seed(forum, count: int, start: int, rng, user) -> None:
    from django.utils import timezone

    from forum.models import Theme, WSISActionLine
    from reports.models import SessionReport
    from sessions.models import Proposal, Session, SessionType

    themes = list(Theme.objects.filter(forum=forum, parent__isnull=False))
    types = list(SessionType.objects.filter(forum=forum))
    lines = list(WSISActionLine.objects.all())
    now = timezone.now()
    for n in range(start, start + count):
        sub = themes[n % len(themes)]
        proposal = Proposal.objects.create(
            forum=forum,
            session_type=types[n % len(types)],
            title=f"Proposal {n}",
            duration=60,
            description="d",
            created_by=user,
            status="accepted",
        )
        proposal.wsis_action_lines.set([lines[n % 11], lines[(n * 7) % 11]])
        session = Session.objects.create(
            forum=forum,
            proposal=proposal,
            session_type=types[n % len(types)],
            title=f"Session {n}: {text(rng, 4)}",
            duration=60,
            theme=sub.parent,
            subtheme=sub,
        )
        common = {
            "session": session,
            "status": "approved",
            "due_at": now,
            "updated_at": now,
            "key_takeaways": [text(rng, 30) for _ in range(3)],
            "calls_to_action": [text(rng, 25) for _ in range(3)],
        }
        SessionReport.objects.bulk_create(
            [
                SessionReport(kind="short", **common),
                SessionReport(
                    kind="full",
                    presentations_summary=text(rng, 150),
                    discussion=text(rng, 200),
                    way_forward=text(rng, 80),
                    participants_onsite=rng.randint(10, 200),
                    participants_online=rng.randint(5, 300),
                    **common,
                ),
            ]
        )


def main() -> int:
    import random

    recreate_database(ADMIN_URL, BENCH_DB)
    try:
        import datetime as dt

        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        from forum.models import Forum, ForumRole, Theme, User
        from outputs.models import Compilation, CompilationBuild
        from outputs.services.builds import build_request, build_run, compilation_get_or_create
        from sessions.models import SessionType

        forum = Forum.objects.create(
            name="Compile bench",
            slug="compile-bench",
            acronym="compilebench",
            start_date=dt.date(2030, 1, 6),
            end_date=dt.date(2030, 1, 9),
        )
        for t in range(8):
            parent = Theme.objects.create(forum=forum, name=f"Theme {t}", position=t)
            for s in range(2):
                Theme.objects.create(
                    forum=forum, parent=parent, name=f"Sub-theme {t}.{s}", position=s
                )
        for code, name in (
            ("workshop", "Workshop"),
            ("main-session", "Main session"),
            ("open-forum", "Open forum"),
        ):
            SessionType.objects.create(forum=forum, code=code, name=name, allowed_durations=[60])
        user = User.objects.create_user(email="bench@example.org", password=None)
        ForumRole.objects.create(forum=forum, user=user, role=ForumRole.Role.SECRETARIAT)
        rng = random.Random(2026)
        results, seeded, failed = {}, 0, False
        for size in SIZES:
            seed(forum, size - seeded, seeded, rng, user)
            seeded = size
            for kind in Compilation.Kind.values:
                compilation = compilation_get_or_create(forum=forum, kind=kind, by=user)
                build, _ = build_request(compilation=compilation, by=user)
                tracemalloc.start()
                began = time.perf_counter()
                done = build_run(build_id=build.pk)
                total = time.perf_counter() - began
                peak = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
                if (
                    done.status != "done"
                    or CompilationBuild.objects.filter(pk=build.pk).count() != 1
                ):
                    print(f"FAILED {kind} at {size}: {done.error}")
                    failed = True
                    continue
                results[(kind, size)] = (done.timings, total, peak)
        print(
            f"{'compilation':<15}{'reports':>8}{'read':>8}{'html':>8}{'docx':>8}{'pdf':>8}"
            f"{'total':>8}{'peak MiB':>10}"
        )
        ratios = []
        for kind in Compilation.Kind.values:
            for size in SIZES:
                if (kind, size) not in results:
                    continue
                t, total, peak = results[(kind, size)]
                print(
                    f"{kind:<15}{size:>8}{t['read']:>8.2f}{t['html']:>8.2f}{t['docx']:>8.2f}"
                    f"{t['pdf']:>8.2f}{total:>8.2f}{peak:>10.1f}"
                )
            if (kind, 30) in results and (kind, 300) in results:
                small, large = results[(kind, 30)], results[(kind, 300)]
                ratio_t, ratio_m = large[1] / small[1], large[2] / small[2]
                ratios.append(ratio_m)
                print(f"{kind:<15} 300/30: time x{ratio_t:.1f}, peak memory x{ratio_m:.1f}")
        return 1 if failed or any(r >= 10 for r in ratios) else 0
    finally:
        from django.db import connections

        connections.close_all()
        recreate_database(ADMIN_URL, BENCH_DB, drop_only=True)


if __name__ == "__main__":
    sys.exit(main())
