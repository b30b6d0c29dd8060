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


def start_daphne(port: int, **env: str) -> subprocess.Popen:
    """A daphne process of the project on ``port``, with this environment plus ``env``."""
    process = subprocess.Popen(  # noqa: S603 - our own server
        [str(Path(sys.executable).parent / "daphne"), "-b", "127.0.0.1", "-p", str(port),
         "forum.asgi:application"],
        cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
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
