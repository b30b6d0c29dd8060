"""HTTP in services mode holds its bounds: a daphne process never holds more PostgreSQL
connections than its pool allows however many requests arrive, and behind the shipped reverse
proxy (deploy/nginx.conf, run here) an oversized body is refused before it is read."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import ROOT, free_port, start_daphne, wait_for_port
from tests.factories import ForumFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def fetch(url: str) -> int:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - the test server
        response.read()
        return response.status


def connections_named(name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [name])
        return cursor.fetchone()[0]


def test_the_pool_bounds_connections_and_load_waits_instead_of_failing(tmp_path):
    forum = ForumFactory()
    name = f"plenaria-pool-{free_port()}"
    server, base = start_daphne(tmp_path, DB_POOL_MAX="3", DB_APPLICATION_NAME=name)
    peak, stop = [0], threading.Event()

    def watch():
        try:
            while not stop.is_set():
                peak[0] = max(peak[0], connections_named(name))
                time.sleep(0.02)
        finally:
            connection.close()

    watcher = threading.Thread(target=watch)
    try:
        watcher.start()
        with ThreadPoolExecutor(max_workers=40) as pool:
            statuses = list(pool.map(fetch, [f"{base}{forum.get_absolute_url()}"] * 120))
        stop.set()
        watcher.join()
        assert statuses == [200] * 120
        # The load did reach the database (the watcher saw the pool's connections) ...
        assert peak[0] >= 1
        # ... and never more than the pool allows.
        assert peak[0] <= 3, peak[0]
    finally:
        stop.set()
        server.stop()


def nginx_config(tmp_path: Path, *, listen: int, upstream: int) -> Path:
    shipped = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "server 127.0.0.1:8000;" in shipped and "listen 80;" in shipped
    site = shipped.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};").replace(
        "listen 80;", f"listen 127.0.0.1:{listen};"
    )
    (tmp_path / "plenaria.conf").write_text(site)
    for part in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / part).mkdir()
    main = f"""
daemon off;
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/plenaria.conf;
}}
"""
    path = tmp_path / "nginx.conf"
    path.write_text(main)
    return path


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_the_proxy_refuses_an_oversized_body_before_daphne_reads_it(tmp_path):
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed (make system-deps installs it)")
    forum = ForumFactory()
    server, base = start_daphne(tmp_path, TRUSTED_PROXIES="127.0.0.1")
    listen = free_port()
    config = nginx_config(tmp_path, listen=listen, upstream=int(base.rsplit(":", 1)[1]))
    proxy = subprocess.Popen(  # noqa: S603 - the system nginx with our config
        [NGINX, "-c", str(config), "-e", str(tmp_path / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port("127.0.0.1", listen, process=proxy)
        front = f"http://127.0.0.1:{listen}"
        assert fetch(f"{front}{forum.get_absolute_url()}") == 200
        before = rss_kb(server.process.pid)
        # A body declared as 2 GB, and 1 MB of it actually sent: refused at once, by the proxy.
        with socket.create_connection(("127.0.0.1", listen), timeout=10) as client:
            client.sendall(
                b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 2147483648\r\n\r\n"
            )
            # The proxy may close while we send: that is the point.
            with contextlib.suppress(OSError):
                client.sendall(b"a" * 1024 * 1024)
            answer = client.recv(4096)
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        assert rss_kb(server.process.pid) - before < 20 * 1024
        # Normal requests still pass, and the proxy did not hand the body on.
        assert fetch(f"{front}{forum.get_absolute_url()}") == 200
        assert "POST /accounts/login/" not in server.output()
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        server.stop()
