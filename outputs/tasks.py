"""Celery tasks of the outputs app (acknowledged late, rejected on a lost worker: settings)."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction


@shared_task(acks_late=True)
def build_compilation(build_id: int) -> str | None:
    """Build one compilation build; idempotent (a build done or failed is left alone, and a
    second run of one build never makes a second version)."""
    from outputs.services.builds import build_run

    build = build_run(build_id=build_id)
    return build.status if build else None


@shared_task(acks_late=True)
def requeue_stale_builds(older_than_seconds: float = 300) -> int:
    """Beat: builds whose worker was lost are queued again."""
    import datetime as dt

    from outputs.services.builds import builds_stale

    stale = builds_stale(older_than=dt.timedelta(seconds=older_than_seconds))
    for build_id in stale:
        build_compilation.delay(build_id)
    return len(stale)


def enqueue_build(build_id: int) -> None:
    """Start the build's task once the transaction that created it commits."""
    transaction.on_commit(lambda: build_compilation.delay(build_id))
