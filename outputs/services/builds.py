"""Building a compilation: the request (one per form submission, by its key), the run (one
Celery task per build, safe to run twice), publishing, and the re-queue of lost builds.

A run writes every file under a temporary name next to its final one, renames them into place and
marks the build done, with its version number, in one transaction that first locks the build row:
a second run of the same build (a retry after a killed worker, or a duplicate delivery) finds it
done and throws its own files away. A killed run leaves only temporary files, which the next run
of that build removes."""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Forum
from outputs.models import CommentRound, Compilation, CompilationBuild, ThemeSynthesis
from outputs.rules import can_manage_compilations
from outputs.selectors import inputs_summary
from outputs.services.content import WRITERS, expected_ticks
from outputs.services.writers import Both, DocxWriter, HtmlWriter

#: Progress is written to the build row at most this often (seconds).
PROGRESS_EVERY = 0.5
#: A queued or running build whose heartbeat is older than this was lost: beat queues it again.
STALE_AFTER = dt.timedelta(minutes=5)


def _check(by, forum: Forum) -> None:
    if not can_manage_compilations.test(by, forum):
        raise PermissionDenied


def compilation_get_or_create(*, forum: Forum, kind: str, by) -> Compilation:
    _check(by, forum)
    if kind not in Compilation.Kind.values:
        raise ValidationError(_("Unknown kind of compilation."))
    compilation, _created = Compilation.objects.get_or_create(forum=forum, kind=kind)
    return compilation


def synthesis_save(*, compilation: Compilation, theme, text: str, by) -> ThemeSynthesis:
    _check(by, compilation.forum)
    if theme.forum_id != compilation.forum_id:
        raise ValidationError(_("That theme is not one of this forum's."))
    with transaction.atomic():
        synthesis, _created = ThemeSynthesis.objects.update_or_create(
            compilation=compilation,
            theme=theme,
            defaults={"text": text.strip(), "updated_by": by, "updated_at": timezone.now()},
        )
    return synthesis


def build_request(
    *, compilation: Compilation, by, request_key: uuid.UUID | None = None
) -> tuple[CompilationBuild, bool]:
    """Ask for a build: (the build, whether it is new). The same ``request_key`` twice gives
    the same build, so the caller enqueues its task only once (``outputs.tasks.enqueue_build``)."""
    _check(by, compilation.forum)
    with transaction.atomic():
        build, created = CompilationBuild.objects.get_or_create(
            request_key=request_key or uuid.uuid4(),
            defaults={"compilation": compilation, "requested_by": by},
        )
        if build.compilation_id != compilation.pk:
            raise ValidationError(_("That request belongs to another compilation."))
    return build, created


def _directory(compilation: Compilation) -> Path:
    path = Path(settings.MEDIA_ROOT) / "compilations" / compilation.forum.slug
    path.mkdir(parents=True, exist_ok=True)
    return path


def _base(build: CompilationBuild) -> str:
    return f"{build.compilation.kind}-build{build.pk}"


def index_path(build: CompilationBuild) -> Path:
    """The paragraph index of a done build (JSON lines: id, kind, level, text)."""
    return Path(settings.MEDIA_ROOT) / (build.html_file.removesuffix(".html") + ".paragraphs.jsonl")


class _Progress:
    def __init__(self, build_id: int, low: int, high: int, total: int):
        self.build_id, self.low, self.high, self.total = build_id, low, high, max(1, total)
        self.done = 0
        self.written_at = 0.0

    def set(self, value: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.written_at < PROGRESS_EVERY:
            return
        self.written_at = now
        CompilationBuild.objects.filter(
            pk=self.build_id, status=CompilationBuild.Status.RUNNING
        ).update(progress=min(99, value), heartbeat_at=timezone.now())

    def tick(self) -> None:
        self.done += 1
        self.set(self.low + (self.high - self.low) * min(self.done, self.total) // self.total)


def _start(build_id: int) -> CompilationBuild | None:
    with transaction.atomic():
        build = (
            CompilationBuild.objects.select_for_update()
            .select_related("compilation__forum")
            .filter(pk=build_id)
            .first()
        )
        if build is None or build.is_finished:
            return None
        build.status = CompilationBuild.Status.RUNNING
        build.attempts += 1
        build.started_at = build.started_at or timezone.now()
        build.heartbeat_at = timezone.now()
        build.save(update_fields=["status", "attempts", "started_at", "heartbeat_at"])
    return build


def _remove_leftovers(directory: Path, base: str, keep: str) -> None:
    for path in directory.glob(f".{base}.*.tmp*"):
        if keep not in path.name:
            path.unlink(missing_ok=True)


def build_run(*, build_id: int, now=None) -> CompilationBuild | None:
    """Build the HTML, PDF and DOCX of a queued build; a build already done or failed is left
    alone. Any error marks the build failed with its reason (shown on the page)."""
    build = _start(build_id)
    if build is None:
        return None
    try:
        return _run(build, now=now)
    except Exception as error:  # noqa: BLE001 - any failure is shown on the page
        reason = f"{type(error).__name__}: {error}"[:500]
        with transaction.atomic():
            CompilationBuild.objects.filter(pk=build.pk).exclude(
                status=CompilationBuild.Status.DONE
            ).update(
                status=CompilationBuild.Status.FAILED, error=reason, finished_at=timezone.now()
            )
        build.refresh_from_db()
        return build


def _run(build: CompilationBuild, *, now=None) -> CompilationBuild:
    compilation = build.compilation
    forum = compilation.forum
    directory = _directory(compilation)
    base = _base(build)
    token = uuid.uuid4().hex[:12]
    _remove_leftovers(directory, base, keep=token)

    def tmp(ext: str) -> Path:
        return directory / f".{base}.{token}.tmp.{ext}"

    timings: dict[str, float] = {}
    began = time.perf_counter()
    report_count, latest = inputs_summary(forum=forum)
    progress = _Progress(build.pk, 2, 70, expected_ticks(compilation))
    progress.set(2, force=True)
    title = f"{compilation.get_kind_display()}: {forum.name}"
    subtitle = _("Compiled from %(n)d approved session reports.") % {"n": report_count}
    html = HtmlWriter(body_path=tmp("body"), index_path=tmp("jsonl"))
    docx = DocxWriter(title=title, subtitle=subtitle)
    WRITERS[compilation.kind](Both(html, docx), compilation=compilation, tick=progress.tick)
    html.finish(
        path=tmp("html"),
        title=title,
        subtitle=subtitle,
        lang=forum_language(),
        print_path=tmp("print.html"),
    )
    pass_seconds = time.perf_counter() - began
    # The DOCX is saved and let go before WeasyPrint lays out the whole document, so the two
    # are never in memory together.
    docx.finish(path=tmp("docx"))
    progress.set(75, force=True)

    began = time.perf_counter()
    from weasyprint import HTML

    HTML(filename=str(tmp("print.html")), base_url=str(directory)).write_pdf(str(tmp("pdf")))
    tmp("print.html").unlink()
    timings["pdf"] = time.perf_counter() - began
    progress.set(95, force=True)
    timings["html"] = html.seconds
    timings["docx"] = docx.seconds
    timings["read"] = max(0.0, pass_seconds - html.seconds - docx.seconds)

    with transaction.atomic():
        locked = CompilationBuild.objects.select_for_update().get(pk=build.pk)
        if locked.is_finished:
            # Another run of this build finished first: keep its files, drop ours.
            for ext in ("html", "print.html", "jsonl", "pdf", "docx"):
                tmp(ext).unlink(missing_ok=True)
            return locked
        number = (
            CompilationBuild.objects.filter(compilation=compilation).aggregate(n=Max("number"))["n"]
            or 0
        ) + 1
        finals = {
            "html": f"{base}.html",
            "jsonl": f"{base}.paragraphs.jsonl",
            "pdf": f"{base}.pdf",
            "docx": f"{base}.docx",
        }
        for ext, name in finals.items():
            os.replace(tmp(ext), directory / name)  # atomic on one file system
        relative = f"compilations/{forum.slug}"
        locked.status = CompilationBuild.Status.DONE
        locked.number = number
        locked.progress = 100
        locked.error = ""
        locked.finished_at = now or timezone.now()
        locked.heartbeat_at = locked.finished_at
        locked.report_count = report_count
        locked.inputs_updated_at = latest
        locked.html_file = f"{relative}/{finals['html']}"
        locked.pdf_file = f"{relative}/{finals['pdf']}"
        locked.docx_file = f"{relative}/{finals['docx']}"
        locked.timings = {k: round(v, 3) for k, v in timings.items()}
        locked.save()
    _remove_leftovers(directory, base, keep="\0")
    return locked


def forum_language() -> str:
    return settings.LANGUAGE_CODE


def build_publish(*, build: CompilationBuild, by) -> CompilationBuild:
    """Publish a done version as the final one: it becomes public; any open round closes."""
    _check(by, build.compilation.forum)
    now = timezone.now()
    with transaction.atomic():
        locked = CompilationBuild.objects.select_for_update().get(pk=build.pk)
        if locked.status != CompilationBuild.Status.DONE:
            raise ValidationError(_("Only a finished version can be published."))
        CommentRound.objects.filter(
            build__compilation_id=locked.compilation_id, closes_at__gt=now
        ).update(closes_at=now)
        CommentRound.objects.filter(
            build__compilation_id=locked.compilation_id, opens_at__gte=now
        ).delete()
        locked.published_at = now
        locked.published_by = by
        locked.save(update_fields=["published_at", "published_by"])
    return locked


def builds_stale(*, older_than: dt.timedelta = STALE_AFTER) -> list[int]:
    """Builds whose worker was lost (queued or running, no heartbeat for ``older_than``), which
    beat queues again. Queuing one twice is harmless: a build runs to one version."""
    cutoff = timezone.now() - older_than
    stale = list(
        CompilationBuild.objects.filter(
            status__in=(CompilationBuild.Status.QUEUED, CompilationBuild.Status.RUNNING)
        )
        .filter(heartbeat_at__lt=cutoff)
        .values_list("pk", flat=True)
    ) + list(
        CompilationBuild.objects.filter(
            status=CompilationBuild.Status.QUEUED,
            heartbeat_at__isnull=True,
            requested_at__lt=cutoff,
        ).values_list("pk", flat=True)
    )
    return stale
