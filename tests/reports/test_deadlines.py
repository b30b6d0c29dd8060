import datetime as dt

import pytest
from django.core import mail

from forum.models import QueuedMail
from reports.models import ReportReminder, ReportSettings, SessionReport
from reports.services.deadlines import reports_create
from reports.services.reminders import reminders_send
from reports.tasks import send_report_reminders
from sessions.services import programme_draft
from sessions.services.programme_publish import programme_publish
from tests.reports.helpers import reported_session
from tests.sessions.desk_helpers import (
    local,
    make_forum,
    make_rooms,
    make_secretariat,
    make_session,
)

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


def test_publishing_the_programme_gives_each_placed_session_its_reports_and_moves_them():
    """The programme is published with one bulk update (no ``post_save`` per session): the
    published version itself makes the reports, and moves their due dates in the next version."""
    forum = make_forum()
    small, hall = make_rooms(forum)
    sec = make_secretariat(forum)
    moving = make_session(forum, title="Connectivity", speaker_email="amina@example.org")
    staying = make_session(forum, title="AI governance", speaker_email="leila@example.org")
    unplaced = make_session(forum, title="Data flows", speaker_email="omar@example.org")
    programme_draft.draft_place(session=moving, room=small, starts_at=local(forum, 0, 9), by=sec)
    programme_draft.draft_place(session=staying, room=hall, starts_at=local(forum, 0, 9), by=sec)
    programme_publish(forum=forum, by=sec)

    reports = SessionReport.objects.filter(session__forum=forum)
    assert sorted(reports.values_list("session__title", "kind")) == [
        ("AI governance", "full"),
        ("AI governance", "short"),
        ("Connectivity", "full"),
        ("Connectivity", "short"),
    ]
    assert not unplaced.reports.exists()
    short = moving.reports.get(kind="short")
    assert short.due_at == local(forum, 0, 10) + dt.timedelta(hours=12)
    ReportReminder.objects.create(report=short, stage="before")

    programme_draft.draft_place(session=moving, room=small, starts_at=local(forum, 1, 9), by=sec)
    programme_publish(forum=forum, by=sec)
    short.refresh_from_db()
    assert short.due_at == local(forum, 1, 10) + dt.timedelta(hours=12)
    assert not short.reminders.exists()  # due later: its reminder is sent again
    assert reports.count() == 4


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
