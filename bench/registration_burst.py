"""Registration burst: 500 people register online and sign up for a 100-seat session at once,
over HTTP, against the services mode (daphne, PostgreSQL, Redis and a Celery worker sending the
confirmations from the outbox).

Prints the throughput of each phase, the latency distribution, errors (must be 0) and
overbooking (must be 0: never more confirmed than seats, and exactly min(seats, people)
confirmed with the rest waitlisted). Either kind of failure makes the bench exit non-zero.
A bare reference (daphne rendering the login page, which reads nothing from the database) is measured in the same run for the ratio.

Standalone: `make bench` runs it. It starts its own redis-server, daphne and worker on loopback
ports and works in its own database (<DATABASE_URL's name>_regbench), dropped at the end.
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support.databases import bench_database_url, recreate_database  # noqa: E402
from bench.support.load import free_port, wait_for_port  # noqa: E402

PEOPLE = int(os.environ.get("REG_BENCH_PEOPLE", 500))
SEATS = int(os.environ.get("REG_BENCH_SEATS", 100))
CONCURRENCY = int(os.environ.get("REG_BENCH_CONCURRENCY", 50))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def seed() -> tuple[str, int, list[str]]:
    """A forum with online registration open, a session with SEATS seats, PEOPLE active
    accounts, each with a signed-in browser session (logging in is not what is measured)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from forum.models import Forum, StakeholderGroup, User
    from registration.models import RegistrationSettings
    from registration.services.capacity import capacity_set
    from sessions.models import Session, SessionType

    forum = Forum.objects.create(
        name="Bench Forum",
        slug="regbench",
        acronym="regbench",
        start_date=dt.date(2030, 1, 1),
        end_date=dt.date(2030, 1, 2),
    )
    now = timezone.now()
    RegistrationSettings.objects.create(
        forum=forum,
        online_opens_at=now - dt.timedelta(days=1),
        online_closes_at=now + dt.timedelta(days=1),
        privacy_notice_version="bench-1",
        privacy_notice="Bench notice.",
    )
    session_type = SessionType.objects.create(forum=forum, code="side", name="Side event")
    session = Session.objects.create(
        forum=forum, session_type=session_type, title="Side event", duration=60, is_public=True
    )
    capacity_set(session=session, seats=SEATS)
    group = StakeholderGroup.objects.get(code="civil-society")
    users = User.objects.bulk_create(
        User(
            email=f"p{n}@bench.example",
            name=f"Person {n}",
            organisation="Bench",
            stakeholder_group=group,
            country="KE",
            password="!",  # noqa: S106 - unusable; the bench signs people in by session
        )
        for n in range(PEOPLE)
    )
    cookies = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={store.session_key}")
    return forum.slug, session.pk, cookies


def client_run(base: str, slug: str, session_id: int, cookie: str) -> tuple[list[float], str]:
    """One person: open the form, register online, sign up for the session. Returns the
    latency of each request and "" or the error."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("Cookie", cookie)]
    times = []
    try:
        start = time.perf_counter()
        page = opener.open(f"{base}/forums/{slug}/register/", timeout=120).read().decode()
        times.append(time.perf_counter() - start)
        token = CSRF.search(page).group(1)
        csrf_cookie = next(c.value for c in jar if c.name == "csrftoken")
        opener.addheaders = [("Cookie", f"{cookie}; csrftoken={csrf_cookie}"), ("Referer", base)]
        form = {
            "csrfmiddlewaretoken": token,
            "attendance": "online",
            "consent": "on",
            "profile-name": "Bench Person",
            "profile-organisation": "Bench",
            "profile-stakeholder_group": re.search(
                r'name="profile-stakeholder_group"[^>]*>.*?<option value="(\d+)"', page, re.S
            ).group(1),
            "profile-country": "KE",
        }
        for url, data in (
            (f"{base}/forums/{slug}/register/", form),
            (
                f"{base}/forums/{slug}/sessions/{session_id}/seat/",
                {"csrfmiddlewaretoken": token},
            ),
        ):
            start = time.perf_counter()
            response = opener.open(url, urllib.parse.urlencode(data).encode(), timeout=120)
            response.read()
            times.append(time.perf_counter() - start)
            if response.status != 200:
                return times, f"HTTP {response.status} for {url}"
    except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
        return times, f"{type(exc).__name__}: {exc}"
    return times, ""


def bare_run(base: str) -> float:
    start = time.perf_counter()
    urllib.request.urlopen(f"{base}/accounts/login/", timeout=60).read()  # noqa: S310 - loopback
    return time.perf_counter() - start


def main() -> int:
    db_url, admin_url, db_name = bench_database_url("regbench")
    redis_port, port = free_port(), free_port()
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "REDIS_URL": redis_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "PYTHONUNBUFFERED": "1",
    }
    env.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.update(DATABASE_URL=db_url, REDIS_URL=redis_url, SECRET_KEY=env["SECRET_KEY"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
    print(
        f"registration burst: {PEOPLE} people, {SEATS} seats, {CONCURRENCY} clients at a time",
        flush=True,
    )
    processes: list[subprocess.Popen] = []
    logs = []
    try:
        recreate_database(admin_url, db_name)
        processes.append(
            subprocess.Popen(  # noqa: S603
                ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],
                stdout=subprocess.DEVNULL,
            )
        )
        wait_for_port(redis_port)
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        import django

        django.setup()
        slug, session_id, cookies = seed()
        bin_dir = Path(sys.executable).parent
        for name, args in (
            (
                "daphne",
                [
                    str(bin_dir / "daphne"),
                    "-b",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "forum.asgi:application",
                ],
            ),
            (
                "worker",
                [
                    str(bin_dir / "celery"),
                    "-A",
                    "forum",
                    "worker",
                    "--pool=solo",
                    "--without-gossip",
                    "--without-mingle",
                    "-l",
                    "WARNING",
                ],
            ),
        ):
            log = open(ROOT / "var" / f"regbench-{name}.log", "wb")  # noqa: SIM115
            logs.append(log)
            processes.append(
                subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
            )
        wait_for_port(port, process=processes[1])
        base = f"http://127.0.0.1:{port}"

        with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
            started = time.perf_counter()
            bare = list(pool.map(lambda _n: bare_run(base), range(PEOPLE)))
            bare_elapsed = time.perf_counter() - started
            started = time.perf_counter()
            results = list(
                pool.map(lambda cookie: client_run(base, slug, session_id, cookie), cookies)
            )
            elapsed = time.perf_counter() - started

        from registration.models import Registration, SeatSignup, SessionCapacity

        errors = [error for _times, error in results if error]
        latencies = sorted(t for times, _error in results for t in times)
        requests = len(latencies)
        confirmed = SeatSignup.objects.filter(status="confirmed").count()
        waitlisted = SeatSignup.objects.filter(status="waitlisted").count()
        counter = SessionCapacity.objects.get(session_id=session_id).confirmed
        registered = Registration.objects.filter(status="approved").count()
        overbooked = max(0, confirmed - SEATS) + abs(counter - confirmed)
        want_confirmed = min(SEATS, PEOPLE - len(errors))
        wrong_split = confirmed != want_confirmed or confirmed + waitlisted != registered

        def pct(values, p):
            return values[min(len(values) - 1, int(len(values) * p))] * 1000

        bare.sort()
        print(
            f"bare (the login page, no database work): {PEOPLE / bare_elapsed:.0f} req/s, p50 {pct(bare, 0.5):.0f} ms, "
            f"p99 {pct(bare, 0.99):.0f} ms",
            flush=True,
        )
        print(
            f"registration+sign-up: {PEOPLE / elapsed:.1f} people/s, {requests / elapsed:.0f} req/s,"
            f" p50 {pct(latencies, 0.5):.0f} ms, p90 {pct(latencies, 0.9):.0f} ms,"
            f" p99 {pct(latencies, 0.99):.0f} ms, max {latencies[-1] * 1000:.0f} ms;"
            f" ratio to bare: {(requests / elapsed) / (PEOPLE / bare_elapsed):.2f}x throughput,"
            f" {statistics.median(latencies) / statistics.median(bare):.1f}x p50",
            flush=True,
        )
        print(
            f"registered {registered}, confirmed {confirmed}/{SEATS}, waitlisted {waitlisted},"
            f" errors {len(errors)}, overbooking {overbooked}",
            flush=True,
        )
        for error in errors[:5]:
            print(f"  error: {error}", flush=True)
        return 1 if errors or overbooked or wrong_split else 0
    finally:
        from django.db import connections

        connections.close_all()
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()
        recreate_database(admin_url, db_name, drop_only=True)


if __name__ == "__main__":
    sys.exit(main())
