"""Keep each session's reports in step with the session: created once it has an end time,
due dates moved when it moves (a session saved on its own, or a programme version published)."""

from __future__ import annotations

from django.db import transaction

from reports.services.deadlines import reports_sync


def session_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or instance.ends_at is None or instance.is_cancelled:
        return
    session_id = instance.pk
    transaction.on_commit(lambda: reports_sync(session_ids=[session_id]))


def programme_published(sender, forum, version, session_ids, **kwargs) -> None:
    """A published version placed, moved or cancelled ``session_ids``: their reports are made or
    moved in the same transaction, so that a published session never lacks its reports."""
    reports_sync(session_ids=session_ids)
