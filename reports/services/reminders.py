"""Reminders before each report deadline and once when a report is overdue. Each (report,
stage) is mailed at most once: the ReportReminder constraint decides, so the beat task may run
twice at the same time and still send one mail."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.mail import mail_queue
from reports.models import ReportReminder, SessionReport
from reports.services.workflow import report_recipients, report_url

OPEN = (SessionReport.Status.DRAFT, SessionReport.Status.RETURNED)


def _send(report: SessionReport, stage: str) -> bool:
    try:
        with transaction.atomic():
            ReportReminder.objects.create(report=report, stage=stage)
            session = report.session
            if stage == ReportReminder.Stage.BEFORE:
                subject = _("Reminder: the %(kind)s of “%(title)s” is due soon")
            else:
                subject = _("Overdue: the %(kind)s of “%(title)s”")
            values = {"kind": report.get_kind_display().lower(), "title": session.title}
            for address in report_recipients(report=report):
                mail_queue(
                    to=address,
                    forum=session.forum,
                    subject=subject % values,
                    body=_("It is due %(due)s. Write it here: %(url)s\n")
                    % {
                        "due": timezone.localtime(report.due_at).strftime("%Y-%m-%d %H:%M %Z"),
                        "url": report_url(report=report),
                    },
                )
    except IntegrityError:
        return False
    return True


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Mail every reminder that is due now; return how many reports were reminded."""
    now = now or timezone.now()
    sent = 0
    open_reports = SessionReport.objects.filter(status__in=OPEN).select_related(
        "session__forum", "session__proposal", "session__forum__report_settings"
    )
    overdue = open_reports.filter(due_at__lt=now).exclude(
        reminders__stage=ReportReminder.Stage.OVERDUE
    )
    for report in overdue.iterator(chunk_size=200):
        sent += _send(report, ReportReminder.Stage.OVERDUE)
    default_before = dt.timedelta(hours=6)
    soon = open_reports.filter(due_at__gte=now, due_at__lte=now + dt.timedelta(days=14)).exclude(
        reminders__stage=ReportReminder.Stage.BEFORE
    )
    for report in soon.iterator(chunk_size=200):
        settings = getattr(report.session.forum, "report_settings", None)
        before = dt.timedelta(hours=settings.reminder_hours_before) if settings else default_before
        if report.due_at - before <= now:
            sent += _send(report, ReportReminder.Stage.BEFORE)
    return sent
