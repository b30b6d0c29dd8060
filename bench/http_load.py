"""HTTP under load in services mode: HTTP_BENCH_CLIENTS (default 200) concurrent clients for
HTTP_BENCH_SECONDS (default 60) on the forum page, the proposal list and a trivial view (/robots.txt, a constant),
against HTTP_BENCH_PROCESSES (default 2, as docs/operations.md sizes one 2-core machine) daphne
processes sharing PostgreSQL and Redis, each with its bounded connection pool (DB_POOL_MAX), behind
nginx with the shipped deploy/nginx.conf (one `server` line per process), as docs/operations.md
deploys it; HTTP_BENCH_NGINX=0 sends the clients straight to daphne instead.

Works in its own database (<DATABASE_URL's name>_httpbench, dropped at the end) holding the small
demo. Prints, per page, requests per second, p50/p99 and errors, and the page's rate as a ratio of
the trivial view's in the same run; exits 1 on any error. Clients are spread over the processes
round robin when nginx is off. Needs DATABASE_URL and REDIS_URL.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support.databases import bench_database_url, recreate_database  # noqa: E402
from bench.support.load import closed_loop, free_port, start_daphne, start_nginx  # noqa: E402

CLIENTS = int(os.environ.get("HTTP_BENCH_CLIENTS", "200"))
SECONDS = float(os.environ.get("HTTP_BENCH_SECONDS", "60"))
PROCESSES = int(os.environ.get("HTTP_BENCH_PROCESSES", "2"))
NGINX = os.environ.get("HTTP_BENCH_NGINX", "1") != "0"


def main() -> int:
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("This bench runs in services mode: set DATABASE_URL and REDIS_URL.")
    url, admin, name = bench_database_url("httpbench")
    recreate_database(admin, name)
    env = {**os.environ, "DATABASE_URL": url}
    servers: list[subprocess.Popen] = []
    try:
        for command in (["migrate", "--noinput", "-v0"], ["seed_demo", "--size", "small"]):
            subprocess.run(  # noqa: S603 - our own management commands
                [sys.executable, "manage.py", *command],
                cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        # The forum with the most proposals, and the demo secretariat's signed-in session (the
        # proposal list is the secretariat's screening list).
        slug, cookie = subprocess.run(  # noqa: S603
            [sys.executable, "-c", "import django; django.setup(); "
             "from django.db.models import Count; from django.test import Client; "
             "from forum.models import Forum, User; "
             "f = Forum.objects.annotate(n=Count('proposals')).order_by('-n').first(); "
             "c = Client(); c.force_login(User.objects.get(email='secretariat@demo.example')); "
             "print(f.slug, c.cookies['sessionid'].value)"],
            cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "forum.settings"},
            check=True, capture_output=True, text=True,
        ).stdout.split()  # fmt: skip
        signed_in = {"Cookie": f"sessionid={cookie}"}
        upstreams = [free_port() for _ in range(PROCESSES)]
        # nginx connects from 127.0.0.1: its X-Forwarded-For is the only one daphne trusts.
        servers = [
            start_daphne(port, DATABASE_URL=url, TRUSTED_PROXIES="127.0.0.1") for port in upstreams
        ]
        ports = upstreams
        if NGINX:
            proxy, front = start_nginx(upstreams, Path(tempfile.mkdtemp(prefix="httpbench-nginx-")))
            servers.append(proxy)
            ports = [front]
        pages = [
            ("trivial view", "/robots.txt", b"User-agent", {}),
            ("forum page", f"/forums/{slug}/", b"<h1>", {}),
            ("proposal list", f"/forums/{slug}/screening/", b"<table", signed_in),
        ]
        for _label, path, marker, headers in pages:  # warm every process
            closed_loop(ports, path, marker, clients=PROCESSES, seconds=1, headers=headers)
        print(
            f"{CLIENTS} clients for {SECONDS:.0f} s per page, {PROCESSES} daphne processes, "
            f"DB_POOL_MAX={os.environ.get('DB_POOL_MAX', '8')}, "
            + ("behind nginx (deploy/nginx.conf)" if NGINX else "clients straight to daphne")
        )
        results = {}
        for label, path, marker, headers in pages:
            results[label] = closed_loop(
                ports, path, marker, clients=CLIENTS, seconds=SECONDS, headers=headers
            )
        base = results["trivial view"]["rps"]
        errors = 0
        for label, result in results.items():
            errors += len(result["failures"])
            print(
                f"{label:<14} {result['rps']:8.1f} req/s  p50 {result['p50']:7.1f} ms  "
                f"p99 {result['p99']:7.1f} ms  errors {len(result['failures'])}  "
                f"ratio to trivial {result['rps'] / base:.2f}"
            )
            for failure in result["failures"][:3]:
                print(f"    {failure}")
        return 1 if errors else 0
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)
        recreate_database(admin, name, drop_only=True)


if __name__ == "__main__":
    sys.exit(main())
