"""Servers and load for the HTTP benches: daphne processes started with the project's settings,
and a closed-loop load generator (threads, each with its own keep-alive connection)."""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, process: subprocess.Popen | None = None, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"the process on port {port} exited before listening")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listened on port {port} within {timeout:.0f} s")


def start_daphne(port: int, *, log: Path | None = None, **env: str) -> subprocess.Popen:
    """A daphne process of the project on ``port``, with this environment plus ``env``; its
    output goes to ``log`` (appended) when given."""
    output = open(log, "ab") if log is not None else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603 - our own server
        [str(Path(sys.executable).parent / "daphne"), "-b", "127.0.0.1", "-p", str(port),
         "forum.asgi:application"],
        cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
        stdout=output, stderr=subprocess.STDOUT,
    )  # fmt: skip
    if log is not None:
        output.close()  # the child holds its own copy
    try:
        wait_for_port(port, process=process)
    except SystemExit:
        process.kill()
        raise
    return process


def closed_loop(
    ports: list[int],
    path: str,
    marker: bytes,
    *,
    clients: int,
    seconds: float,
    headers: dict[str, str] | None = None,
) -> dict:
    """``clients`` threads requesting ``path`` back to back for ``seconds``, spread over
    ``ports`` (one port per client, round robin). A non-200 answer or one without ``marker`` is a
    failure, as is a connection error."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def worker(port: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        start.wait()
        while time.monotonic() < stop_at[0]:
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
                response = conn.getresponse()
                status, body = response.status, response.read()
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    failures.append(repr(error))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            mine.append(time.perf_counter() - began)
            if status != 200 or marker not in body:
                with lock:
                    failures.append(f"{status} {body[:80]!r}")
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [
        threading.Thread(target=worker, args=(ports[i % len(ports)],)) for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    began = time.monotonic()
    stop_at[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies.sort()

    def pct(q: float) -> float:
        return (
            latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else 0
        )

    return {
        "rps": len(latencies) / elapsed,
        "requests": len(latencies),
        "failures": failures,
        "p50": pct(0.50),
        "p99": pct(0.99),
        "mean": statistics.fmean(latencies) * 1000 if latencies else 0,
    }


NGINX = "/usr/sbin/nginx"


def start_nginx(upstreams: list[int], workdir: Path) -> tuple[subprocess.Popen, int]:
    """The system nginx with the shipped deploy/nginx.conf in front of the daphne processes on
    ``upstreams`` (one ``server`` line each, as docs/operations.md says): (the process, its port)."""
    import shutil

    nginx = shutil.which("nginx") or NGINX
    if not Path(nginx).exists():
        raise SystemExit("nginx is not installed (make system-deps installs it)")
    shipped = (ROOT / "deploy" / "nginx.conf").read_text()
    if "server 127.0.0.1:8000;" not in shipped or "listen 80;" not in shipped:
        raise SystemExit("deploy/nginx.conf no longer has the lines this bench rewrites")
    listen = free_port()
    servers = "\n    ".join(f"server 127.0.0.1:{port};" for port in upstreams)
    site = shipped.replace("server 127.0.0.1:8000;", servers).replace(
        "listen 80;", f"listen 127.0.0.1:{listen};"
    )
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "plenaria.conf").write_text(site)
    for part in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (workdir / part).mkdir(exist_ok=True)
    config = workdir / "nginx.conf"
    config.write_text(
        f"""
daemon off;
worker_processes 1;
worker_rlimit_nofile 16384;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log;
events {{ worker_connections 8192; }}
http {{
    access_log off;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    include {workdir}/plenaria.conf;
}}
"""
    )
    process = subprocess.Popen(  # noqa: S603 - the system nginx with the shipped config
        [nginx, "-c", str(config), "-e", str(workdir / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(listen, process=process)
    except SystemExit:
        process.kill()
        raise
    return process, listen
