"""A Celery worker killed (SIGKILL) in the middle of a build: it leaves no half document, and
the build queued again (beat's re-queue of lost builds) finishes on a new worker as exactly one
complete version."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from outputs.models import Compilation, CompilationBuild
from outputs.services.builds import build_request, compilation_get_or_create
from reports.models import SessionReport
from sessions.models import Session
from tests.conftest import ServerProcess, service_env
from tests.factories import ForumFactory
from tests.outputs.helpers import secretariat_of, theme
from tests.sessions.factories import SessionTypeFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def start_worker(tmp_path: Path, name: str) -> ServerProcess:
    from forum.celery import app

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
            f"--hostname={name}-{os.getpid()}@%h",
        ],
        service_env(PLENARIA_VAR_DIR=str(tmp_path)),
        tmp_path / f"{name}.log",
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            raise RuntimeError(worker.output())
        if app.control.ping(
            destination=[f"{name}-{os.getpid()}@{os.uname().nodename}"], timeout=0.5
        ):
            return worker
    worker.stop()
    raise RuntimeError(f"the worker did not answer:\n{worker.output()}")


def wait_for(condition, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_killed_worker_leaves_no_half_document_and_the_retry_makes_one_version(
    tmp_path, settings
):
    from forum.celery import app

    settings.MEDIA_ROOT = tmp_path / "media"
    with app.connection_for_write() as conn:
        app.control.purge(connection=conn)
    forum = ForumFactory()
    topic = theme(forum, "Universal access")
    session_type = SessionTypeFactory(forum=forum)
    sessions = Session.objects.bulk_create(
        Session(
            forum=forum, session_type=session_type, title=f"Session {n}", duration=60, theme=topic
        )
        for n in range(200)
    )
    now = timezone.now()
    SessionReport.objects.bulk_create(
        SessionReport(
            session=s,
            kind="short",
            status="approved",
            due_at=now,
            updated_at=now,
            key_takeaways=[f"Takeaway {n} of session {s.pk}" for n in range(3)],
            calls_to_action=[f"Call {n} of session {s.pk}" for n in range(3)],
        )
        for s in sessions
    )
    by = secretariat_of(forum)
    compilation = compilation_get_or_create(forum=forum, kind=Compilation.Kind.MESSAGES, by=by)
    build, _ = build_request(compilation=compilation, by=by)

    first = start_worker(tmp_path, "doomed")
    try:
        from outputs.tasks import build_compilation

        build_compilation.delay(build.pk)
        wait_for(
            lambda: CompilationBuild.objects.filter(pk=build.pk, progress__gte=5).exists(),
            timeout=60,
            what="the build to be under way",
        )
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(timeout=10)
    finally:
        first.stop()
    build.refresh_from_db()
    assert build.status == "running" and build.number is None, first.output()
    directory = settings.MEDIA_ROOT / "compilations" / forum.slug
    finals = [p for p in directory.iterdir() if not p.name.startswith(".")]
    assert finals == []  # no half document under a final name

    second = start_worker(tmp_path, "rescuer")
    try:
        from outputs.tasks import requeue_stale_builds

        requeue_stale_builds.delay(0)  # what beat does once the heartbeat is stale
        wait_for(
            lambda: CompilationBuild.objects.filter(pk=build.pk, status="done").exists(),
            timeout=180,
            what="the retried build to finish",
        )
    finally:
        second.stop()
    done = CompilationBuild.objects.get(pk=build.pk)
    assert CompilationBuild.objects.filter(compilation=compilation).count() == 1
    assert (done.number, done.attempts, done.report_count) == (1, 2, 200)
    names = sorted(p.name for p in directory.iterdir())
    assert names == sorted(
        f"messages-build{build.pk}.{ext}" for ext in ("docx", "html", "paragraphs.jsonl", "pdf")
    )  # the killed run's temporary files are gone too
    reader = PdfReader(str(directory / f"messages-build{build.pk}.pdf"))
    assert "Call 2 of session" in reader.pages[-1].extract_text()
    html = (directory / f"messages-build{build.pk}.html").read_text()
    assert html.rstrip().endswith("</html>")
    assert html.count("Takeaway 0 of session") == 200
