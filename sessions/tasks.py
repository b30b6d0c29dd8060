"""Celery tasks of the sessions app. autodiscover_tasks() imports this module; each stage keeps
its tasks in its own module, imported here so that workers register them."""

from sessions.tasks_review import send_review_reminders  # noqa: F401
