"""Celery tasks of the sessions app, a module per concern. forum.celery's autodiscover_tasks()
imports this package only, so every module's tasks are imported here for workers to register
them (their names follow the module: ``sessions.tasks.review.send_review_reminders``)."""

from sessions.tasks.review import send_review_reminders  # noqa: F401
from sessions.tasks.schedule import run_scheduler  # noqa: F401
