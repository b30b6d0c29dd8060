"""Creating a session's reports and keeping their due dates in step with the session."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db import transaction

from forum.models import Forum
from reports.models import ReportReminder, ReportSettings, SessionReport
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
def reports_sync(*, session_ids) -> None:
    """Create the reports the sessions lack (as :func:`reports_create`) and move the due dates of
    those whose session moved; reminders already sent for a deadline that moved later are sent
    again. For one saved session or a whole programme version; a cancelled or unscheduled session
    is left as it is."""
    sessions = list(
        Session.objects.filter(pk__in=session_ids, ends_at__isnull=False, is_cancelled=False)
        .select_related("forum")
        .order_by("pk")
    )
    if not sessions:
        return
    existing = {
        (report.session_id, report.kind): report
        for report in SessionReport.objects.filter(session__in=sessions).select_for_update()
    }
    settings_of: dict[int, ReportSettings] = {}
    created, moved, later = [], [], []
    for session in sessions:
        if session.forum_id not in settings_of:
            settings_of[session.forum_id] = report_settings_for(forum=session.forum)
        settings = settings_of[session.forum_id]
        for kind in (SessionReport.Kind.SHORT, SessionReport.Kind.FULL):
            due = due_at_for(session=session, kind=kind, settings=settings)
            report = existing.get((session.pk, kind))
            if report is None:
                created.append(SessionReport(session=session, kind=kind, due_at=due))
            elif due != report.due_at:
                if due > report.due_at:
                    later.append(report.pk)  # its reminders are sent again before the new date
                report.due_at = due
                moved.append(report)
    SessionReport.objects.bulk_create(created)
    SessionReport.objects.bulk_update(moved, ["due_at"])
    ReportReminder.objects.filter(report_id__in=later).delete()
