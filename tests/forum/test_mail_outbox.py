"""The mail outbox: stored first, sent by a real Celery worker, retried, never lost."""

import smtplib
import time

import pytest
from django.db import transaction

from forum import mail
from forum.models import QueuedMail


@pytest.mark.django_db
def test_mail_is_stored_then_sent_once(mailoutbox, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with transaction.atomic():
        queued = mail.mail_queue(to="ana@example.org", subject="Your proposal", body="Hello")
        assert QueuedMail.objects.get(pk=queued.pk).status == "queued"
    # pytest-django runs the test inside a transaction; run the on-commit callbacks by hand.
    mail.mail_send(mail_id=queued.pk)
    queued.refresh_from_db()
    assert queued.status == "sent"
    assert queued.attempts == 1
    assert [m.subject for m in mailoutbox] == ["Your proposal"]
    # Sending again (a retried task) does nothing.
    assert mail.mail_send(mail_id=queued.pk) == "sent"
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_transient_errors_retry_then_fail_for_good(monkeypatch):
    queued = QueuedMail.objects.create(to="ana@example.org", subject="s", body="b")

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("mail server went away")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    for attempt in range(1, mail.MAX_ATTEMPTS):
        with pytest.raises(mail.TransientMailError):
            mail.mail_send(mail_id=queued.pk)
        queued.refresh_from_db()
        assert (queued.status, queued.attempts) == ("queued", attempt)
    assert mail.mail_send(mail_id=queued.pk) == "failed"
    queued.refresh_from_db()
    assert queued.attempts == mail.MAX_ATTEMPTS
    assert "mail server went away" in queued.last_error


@pytest.mark.django_db
def test_a_malformed_message_fails_at_once(monkeypatch):
    queued = QueuedMail.objects.create(to="ana@example.org", subject="s", body="b")

    def broken(self, fail_silently=False):
        raise ValueError("header injection")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    assert mail.mail_send(mail_id=queued.pk) == "failed"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_outbox(celery_worker_process, settings):
    sent = mail.mail_queue(to="hub@example.org", subject="Hub approved", body="Welcome")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        sent.refresh_from_db()
        if sent.status != "queued":
            break
        time.sleep(0.2)
    assert sent.status == "sent", celery_worker_process.output()
    assert "Hub approved" in celery_worker_process.output()  # the console backend printed it


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_stale_mail_is_requeued(celery_worker_process):
    import datetime as dt

    from django.utils import timezone

    # A row whose task was lost (say the broker restarted before the worker took it).
    lost = QueuedMail.objects.create(
        to="ana@example.org",
        subject="Lost",
        body="b",
        created_at=timezone.now() - dt.timedelta(minutes=10),
    )
    assert mail.mail_requeue_stale() == 1
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        lost.refresh_from_db()
        if lost.status == "sent":
            break
        time.sleep(0.2)
    assert lost.status == "sent"
