"""Creating a session's reports and keeping their due dates in step with the session."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db import transaction

from forum.models import Forum
from reports.models import ReportSettings, SessionReport
from sessions.models import Session


def report_settings_for(*, forum: Forum) -> ReportSettings:
    """The forum's report settings (defaults until the secretariat changes them)."""
    settings, _ = ReportSettings.objects.get_or_create(forum=forum)
    return settings


def due_at_for(*, session: Session, kind: str, settings: ReportSettings) -> dt.datetime | None:
    """When a report of ``kind`` is due, or None while the session has no time."""
    if kind == SessionReport.Kind.SHORT:
        if session.ends_at is None:
            return None
        return session.ends_at + dt.timedelta(hours=settings.short_due_hours)
    forum = session.forum
    tz = zoneinfo.ZoneInfo(forum.timezone or "UTC")
    last_day_end = dt.datetime.combine(forum.end_date, dt.time(23, 59), tzinfo=tz)
    return last_day_end + dt.timedelta(days=settings.full_due_days)


@transaction.atomic
def reports_create(*, session: Session) -> list[SessionReport]:
    """Create the session's short and full reports (those that do not exist yet), due per the
    forum's settings. A session without an end time gets its reports once it is scheduled."""
    settings = report_settings_for(forum=session.forum)
    existing = set(session.reports.values_list("kind", flat=True))
    created = []
    for kind in (SessionReport.Kind.SHORT, SessionReport.Kind.FULL):
        if kind in existing:
            continue
        due = due_at_for(session=session, kind=kind, settings=settings)
        if due is None:
            continue
        created.append(SessionReport.objects.create(session=session, kind=kind, due_at=due))
    return created


@transaction.atomic
def reports_reschedule(*, session: Session) -> int:
    """Move the due dates of the session's reports after it moved (or after the settings
    changed); reminders already sent for a deadline that moved later are sent again."""
    settings = report_settings_for(forum=session.forum)
    moved = 0
    for report in session.reports.select_for_update():
        due = due_at_for(session=session, kind=report.kind, settings=settings)
        if due is None or due == report.due_at:
            continue
        if due > report.due_at:
            report.reminders.all().delete()
        report.due_at = due
        report.save(update_fields=["due_at"])
        moved += 1
    return moved
