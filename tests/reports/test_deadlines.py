import datetime as dt

import pytest
from django.core import mail

from forum.models import QueuedMail
from reports.models import ReportReminder, ReportSettings, SessionReport
from reports.services.deadlines import reports_create
from reports.services.reminders import reminders_send
from reports.tasks import send_report_reminders
from tests.reports.helpers import reported_session

pytestmark = pytest.mark.django_db


def test_due_dates_follow_the_settings():
    case = reported_session()
    assert case.short.due_at == case.session.ends_at + dt.timedelta(hours=12)
    # Full report: 14 days after the forum's last day (end of that day, in its zone).
    local = case.full.due_at.astimezone(case.forum.tzinfo)
    assert local.date() == case.forum.end_date + dt.timedelta(days=14)


def test_changed_settings_apply_to_new_reports():
    case = reported_session()
    ReportSettings.objects.filter(forum=case.forum).update(short_due_hours=2)
    case.other_session.reports.all().delete()
    short = SessionReport.objects.get(
        pk=next(r.pk for r in reports_create(session=case.other_session) if r.kind == "short")
    )
    assert short.due_at == case.other_session.ends_at + dt.timedelta(hours=2)


def test_reports_are_created_and_moved_with_the_session(django_capture_on_commit_callbacks):
    case = reported_session()
    session = case.other_session
    session.reports.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        session.save()
    assert set(session.reports.values_list("kind", flat=True)) == {"short", "full"}
    with django_capture_on_commit_callbacks(execute=True):
        session.starts_at += dt.timedelta(hours=3)
        session.ends_at += dt.timedelta(hours=3)
        session.save()
    short = session.reports.get(kind="short")
    assert short.due_at == session.ends_at + dt.timedelta(hours=12)


def test_reminder_before_the_deadline_then_once_overdue():
    case = reported_session()
    due = case.short.due_at
    assert reminders_send(now=due - dt.timedelta(hours=7)) == 0
    sent_before = reminders_send(now=due - dt.timedelta(hours=5))
    assert sent_before >= 1
    assert ReportReminder.objects.filter(report=case.short, stage="before").count() == 1
    # The same hour again: nothing new (idempotent).
    count = QueuedMail.objects.count()
    assert reminders_send(now=due - dt.timedelta(hours=4)) == 0
    assert QueuedMail.objects.count() == count
    reminders_send(now=due + dt.timedelta(minutes=1))
    assert ReportReminder.objects.filter(report=case.short, stage="overdue").count() == 1
    reminders_send(now=due + dt.timedelta(hours=5))
    assert ReportReminder.objects.filter(report=case.short, stage="overdue").count() == 1
    to = set(QueuedMail.objects.filter(subject__contains="Overdue").values_list("to", flat=True))
    assert case.rapporteur.email.lower() in to and case.organizer.email.lower() in to


def test_submitted_reports_are_not_reminded():
    case = reported_session()
    SessionReport.objects.filter(pk=case.short.pk).update(status="submitted")
    reminders_send(now=case.short.due_at + dt.timedelta(hours=1))
    assert not ReportReminder.objects.filter(report=case.short).exists()


def test_beat_task_runs_and_is_declared(settings):
    case = reported_session()
    SessionReport.objects.filter(pk=case.short.pk).update(
        due_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    )
    send_report_reminders.apply()
    send_report_reminders.apply()
    assert ReportReminder.objects.filter(report=case.short, stage="overdue").count() == 1
    entry = settings.CELERY_BEAT_SCHEDULE["report-reminders"]
    assert entry["task"] == "reports.tasks.send_report_reminders"
    assert mail.outbox is not None
