"""Fixtures shared by the whole suite.

Integration tests run against the real services: PostgreSQL, Redis, a Celery worker process and a
daphne process, each started here. A test that needs a service it cannot reach fails when CI=true
and is skipped, with the reason, elsewhere.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, reason: str) -> None:
    """Fail in CI, skip loudly elsewhere, when a required service is missing."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"Required service missing in CI: {reason}")
    pytest.skip(f"SERVICE MISSING: {reason}")


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(host: str, port: int, *, timeout: float = 30, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_open(host, port):
            return
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening")
        time.sleep(0.1)
    raise TimeoutError(f"{host}:{port} did not open within {timeout}s")


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: Playwright's sync API keeps an event loop running in the main
    thread for the rest of the session, where asyncio tests could no longer start theirs."""
    uses_browser = {"browser", "page", "browser_context"}
    items.sort(key=lambda item: bool(uses_browser & set(getattr(item, "fixturenames", ()))))


def start_redis(port: int) -> subprocess.Popen:
    """A Redis server of the test's own on ``port``, for tests that stop and restart it (never
    the shared one that other tests use). Waits until it listens."""
    require(shutil.which("redis-server") is not None, "redis-server is not installed")
    process = subprocess.Popen(  # noqa: S603 - our own command
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    wait_for_port("127.0.0.1", port, process=process)
    return process


@pytest.fixture(autouse=True)
def _services_marker(request):
    """Tests marked ``services`` need PostgreSQL and Redis."""
    if request.node.get_closest_marker("services"):
        require(
            settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql",
            "DATABASE_URL does not point at PostgreSQL",
        )
        require(bool(settings.REDIS_URL), "REDIS_URL is not set")


@pytest.fixture(autouse=True)
def _taxonomies(request):
    """Transactional tests flush the tables the migrations seeded; put the taxonomies back."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    if transactional or "transactional_db" in request.fixturenames:
        from forum.taxonomies import seed_taxonomies

        seed_taxonomies()
    yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield


def database_url_for_test_db() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise RuntimeError("subprocess services need PostgreSQL")
    user = quote(db.get("USER") or "postgres")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def service_env(**overrides: str) -> dict[str, str]:
    """The environment for a daphne or Celery process that shares this test's database."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DATABASE_URL"] = database_url_for_test_db()
    env["PYTHONUNBUFFERED"] = "1"
    env.update(overrides)
    return env


class ServerProcess:
    def __init__(self, args: list[str], env: dict[str, str], log: Path):
        self.log = log
        self._log_file = log.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - our own commands
            args, cwd=ROOT, env=env, stdout=self._log_file, stderr=subprocess.STDOUT
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_daphne(tmp_dir: Path, **env_overrides: str) -> tuple[ServerProcess, str]:
    port = free_port()
    server = ServerProcess(
        [
            str(Path(sys.executable).parent / "daphne"),
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "forum.asgi:application",
        ],
        service_env(**env_overrides),
        tmp_dir / f"daphne-{port}.log",
    )
    try:
        wait_for_port("127.0.0.1", port, process=server.process)
    except Exception:
        server.stop()
        raise RuntimeError(f"daphne did not start:\n{server.output()}") from None
    return server, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def daphne_server(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[str]:
    """A real daphne process serving the test database; yields its base URL.

    Tests that use it need ``transactional_db`` so that what they write is committed."""
    require(
        settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql",
        "daphne tests need DATABASE_URL (PostgreSQL)",
    )
    require(bool(settings.REDIS_URL), "daphne tests need REDIS_URL")
    server, url = start_daphne(tmp_path_factory.mktemp("daphne"))
    yield url
    server.stop()


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, tmp_path_factory) -> Iterator[ServerProcess]:
    """A real Celery worker consuming from Redis against the test database."""
    require(
        settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql",
        "the Celery worker needs DATABASE_URL (PostgreSQL)",
    )
    require(bool(settings.REDIS_URL), "the Celery worker needs REDIS_URL")
    from forum.celery import app

    # Drop what an earlier run left in the queue so it cannot run against this database.
    with app.connection_for_write() as conn:
        app.control.purge(connection=conn)
    log_dir = tmp_path_factory.mktemp("celery")
    worker = ServerProcess(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "forum",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            f"--hostname=test-{os.getpid()}@%h",
        ],
        service_env(),
        log_dir / "worker.log",
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            raise RuntimeError(f"the Celery worker exited:\n{worker.output()}")
        if app.control.ping(timeout=0.5):
            break
    else:
        worker.stop()
        raise RuntimeError(f"the Celery worker did not answer:\n{worker.output()}")
    yield worker
    worker.stop()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser():
    """The system Chromium driven by Playwright (never a downloaded browser), one per module."""
    require(Path(CHROMIUM).exists(), f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API marks its event loop as running in this thread between calls; the
    # ORM calls the tests make between browser steps are ordinary blocking calls. Allowed only
    # while the browser runs (one module of browser tests) and put back after it, so that no
    # other test runs with Django's async-safety check off.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    return browser_context.new_page()
