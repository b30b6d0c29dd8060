"""Celery tasks of the review stage (imported by sessions.tasks, which Celery autodiscovers)."""

from celery import shared_task


@shared_task(acks_late=True)
def send_review_reminders() -> int:
    """Beat: mail every reviewer with pending reviews while their forum's review window is open
    (at most once per the forum's reminder interval; the reminders go through the outbox)."""
    from sessions.services.review import reminders_send_all

    return reminders_send_all()
