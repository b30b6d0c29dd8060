"""Celery tasks of the programme: the scheduler's runs."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction


@shared_task(acks_late=True)
def run_scheduler(run_id: int) -> str | None:
    """Solve a queued :class:`~sessions.models.ScheduleRun` (idempotent: a run already started
    or finished is left alone)."""
    from sessions.services.scheduler.run import schedule_run_execute

    run = schedule_run_execute(run_id=run_id)
    return run.status if run else None


def enqueue_run(run_id: int) -> None:
    """Start the run's task once the transaction that created it commits."""
    transaction.on_commit(lambda: run_scheduler.delay(run_id))
