"""Celery tasks of the reports app: thin, take ids, call a service."""

from __future__ import annotations

from celery import shared_task

from reports.services.prefill import report_prefill, report_prefill_failed
from reports.services.reminders import reminders_send


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def prefill_report(report_id: int) -> None:
    try:
        report_prefill(report_id=report_id)
    except Exception as exc:
        report_prefill_failed(report_id=report_id, error=str(exc) or exc.__class__.__name__)
        raise


@shared_task(acks_late=True)
def send_report_reminders() -> int:
    return reminders_send()
