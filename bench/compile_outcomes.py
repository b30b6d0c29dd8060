"""Compiling the forum's outputs at 30 and at 300 approved reports (the igf demo's size).

Works in its own PostgreSQL database (<DATABASE_URL's name>_compilebench, dropped at the end) with
the project's settings and migrations. Creates an IGF-sized forum (8 themes, 2 sub-themes each,
sessions of the demo's types, 11 action lines) and bulk-creates approved short and full reports.
Each build (per compilation and size) then runs in a child process of its own
(``python bench/compile_outcomes.py --child <build id>``) through the same service the Celery task
calls (``outputs.services.builds.build_run``), so nothing the parent or an earlier build holds is
counted, and no tracer slows the build down. Printed per compilation and size: the seconds per
format as the build times them (read = the database, html, docx, pdf), the child's own wall time,
and the child's peak resident memory (``ru_maxrss`` from ``os.wait4`` on that child: Python and
WeasyPrint's C libraries alike), beside a bare child's (Django set up, one paragraph rendered by
WeasyPrint and by python-docx: the libraries' fixed cost) measured in the same run; then the
300/30 ratios of time and of memory above the bare child. Exits 1 when a build fails or makes
other than one version, or when the memory above the bare child grows 10x for 10x the reports (the
build would then hold every report rather than stream them).

``--profile DIR`` runs each build under cProfile and writes ``DIR/<kind>-<size>.pstats`` (the
times printed are then the profiler's, not the build's). ``--kinds`` and ``--sizes`` narrow the
run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support.databases import bench_database_url, recreate_database  # noqa: E402

IS_CHILD = "--child" in sys.argv
if not IS_CHILD:  # a child inherits the parent's database and folder
    BENCH_URL, ADMIN_URL, BENCH_DB = bench_database_url("compilebench")
    os.environ["DATABASE_URL"] = BENCH_URL
    os.environ["PLENARIA_VAR_DIR"] = tempfile.mkdtemp(prefix="compilebench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
KINDS = ["messages", "chair_summary", "wsis_outcome"]
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


# --- The child: one build ----------------------------------------------------------------------


def child(build_id: int, profile: str) -> int:
    """Run one build (``build_id``; 0: only set up, the bare reference) and print its result as
    one JSON line."""
    import django

    django.setup()
    if not build_id:
        # The fixed cost of the libraries: one paragraph through WeasyPrint and python-docx.
        import io

        from docx import Document
        from weasyprint import HTML

        HTML(string="<p>One paragraph.</p>").write_pdf(io.BytesIO())
        document = Document()
        document.add_paragraph("One paragraph.")
        document.save(io.BytesIO())
        print(json.dumps({"status": "bare"}))
        return 0
    from outputs.services.builds import build_run

    began = time.perf_counter()
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        done = profiler.runcall(build_run, build_id=build_id)
        profiler.dump_stats(profile)
    else:
        done = build_run(build_id=build_id)
    seconds = time.perf_counter() - began
    print(
        json.dumps(
            {
                "status": done.status,
                "error": done.error,
                "timings": done.timings,
                "seconds": seconds,
                "pdf_bytes": (Path(_media()) / done.pdf_file).stat().st_size
                if done.pdf_file
                else 0,
            }
        )
    )
    return 0


def _media() -> str:
    from django.conf import settings

    return str(settings.MEDIA_ROOT)


def run_child(build_id: int, profile: str = "") -> tuple[dict, float, float]:
    """(the child's JSON line, its wall seconds, its peak RSS in MiB), from ``os.wait4`` on it."""
    from django.db import connections

    connections.close_all()  # the child opens its own
    with tempfile.TemporaryFile() as out:
        began = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603 - this very script
            [sys.executable, __file__, "--child", str(build_id), "--profile-to", profile],
            stdout=out,
            cwd=ROOT,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - began
        out.seek(0)
        lines = out.read().decode().strip().splitlines()
    result = json.loads(lines[-1]) if process.returncode == 0 and lines else {}
    result.setdefault("status", f"child exited {process.returncode}")
    return result, wall, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


# --- The parent ---------------------------------------------------------------------------------


def main(kinds: list[str], sizes: list[int], profile_dir: str) -> int:
    import random

    recreate_database(ADMIN_URL, BENCH_DB)
    try:
        import datetime as dt

        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        from forum.models import Forum, ForumRole, Theme, User
        from outputs.models import CompilationBuild
        from outputs.services.builds import build_request, compilation_get_or_create
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
        _bare, bare_wall, bare_rss = run_child(0)
        print(
            f"bare child (one paragraph per library): {bare_wall:.2f} s, "
            f"peak RSS {bare_rss:.1f} MiB"
        )
        rng = random.Random(2026)
        results, seeded, failed = {}, 0, False
        for size in sizes:
            seed(forum, size - seeded, seeded, rng, user)
            seeded = size
            for kind in kinds:
                compilation = compilation_get_or_create(forum=forum, kind=kind, by=user)
                build, _ = build_request(compilation=compilation, by=user)
                profile = str(Path(profile_dir) / f"{kind}-{size}.pstats") if profile_dir else ""
                done, wall, rss = run_child(build.pk, profile)
                versions = CompilationBuild.objects.filter(pk=build.pk, number__isnull=False)
                if done["status"] != "done" or versions.count() != 1:
                    print(f"FAILED {kind} at {size}: {done.get('error') or done['status']}")
                    failed = True
                    continue
                results[(kind, size)] = (done, wall, rss)
                print(f"  built {kind} at {size} reports in {wall:.1f} s", flush=True)
        print(
            f"{'compilation':<15}{'reports':>8}{'read':>8}{'html':>8}{'docx':>8}{'pdf':>8}"
            f"{'build':>8}{'child':>8}{'RSS MiB':>9}{'+bare':>8}{'PDF KiB':>9}"
        )
        ratios = []
        for kind in kinds:
            for size in sizes:
                if (kind, size) not in results:
                    continue
                done, wall, rss = results[(kind, size)]
                t = done["timings"]
                print(
                    f"{kind:<15}{size:>8}{t['read']:>8.2f}{t['html']:>8.2f}{t['docx']:>8.2f}"
                    f"{t['pdf']:>8.2f}{done['seconds']:>8.2f}{wall:>8.2f}{rss:>9.1f}"
                    f"{rss - bare_rss:>8.1f}{done['pdf_bytes'] / 1024:>9.0f}"
                )
            if (kind, 30) in results and (kind, 300) in results:
                small, large = results[(kind, 30)], results[(kind, 300)]
                ratio_t = large[0]["seconds"] / small[0]["seconds"]
                ratio_pdf = large[0]["timings"]["pdf"] / max(small[0]["timings"]["pdf"], 1e-3)
                ratio_m = (large[2] - bare_rss) / max(small[2] - bare_rss, 1.0)
                ratios.append(ratio_m)
                print(
                    f"{kind:<15} 300/30: build time x{ratio_t:.1f} (pdf x{ratio_pdf:.1f}), "
                    f"RSS above the bare child x{ratio_m:.1f}"
                )
        return 1 if failed or any(r >= 10 for r in ratios) else 0
    finally:
        from django.db import connections

        connections.close_all()
        recreate_database(ADMIN_URL, BENCH_DB, drop_only=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", default="", help=argparse.SUPPRESS)
    parser.add_argument("--profile", default="", metavar="DIR", help="cProfile each build")
    parser.add_argument("--kinds", nargs="+", default=KINDS, choices=KINDS)
    parser.add_argument("--sizes", nargs="+", type=int, default=list(SIZES))
    args = parser.parse_args()
    if args.child is not None:
        sys.exit(child(args.child, args.profile_to))
    if args.profile:
        Path(args.profile).mkdir(parents=True, exist_ok=True)
    sys.exit(main(args.kinds, sorted(args.sizes), args.profile))
