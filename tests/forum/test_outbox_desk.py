"""A mail that cannot be sent shows on the secretariat's desk (the forum page), with its
recipient, subject and error, and a button that sends it again."""

from __future__ import annotations

import pytest
from django.core import mail as django_mail
from django.urls import reverse

from forum.mail import TransientMailError, mail_queue, mail_send
from forum.models import ForumRole, QueuedMail
from tests.factories import ForumFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    forum = ForumFactory()
    secretariat, member = UserFactory(), UserFactory()
    grant(secretariat, forum, ForumRole.Role.SECRETARIAT)
    grant(member, forum, ForumRole.Role.MAG_MEMBER)
    return forum, secretariat, member


def _page(client, forum):
    return client.get(reverse("forum_detail", args=[forum.slug])).content.decode()


def test_a_mail_that_failed_for_good_shows_with_its_error(client, desk):
    forum, secretariat, member = desk
    queued = mail_queue(
        to="speaker@example.org\nBcc: everyone@example.org",
        subject="Please confirm: Open data",
        body="...",
        forum=forum,
    )
    assert mail_send(mail_id=queued.pk) == QueuedMail.Status.FAILED
    failed = QueuedMail.objects.get(pk=queued.pk)
    assert failed.last_error
    client.force_login(secretariat)
    page = _page(client, forum)
    assert 'data-testid="outbox"' in page
    assert page.count('data-testid="failed-mail"') == 1
    assert "Please confirm: Open data" in page
    assert "speaker@example.org" in page
    assert failed.last_error.split(":")[0] in page
    assert reverse("outbox_retry", args=[forum.slug, failed.pk]) in page
    # Nobody else sees it: not a MAG member, not another forum's secretariat.
    client.force_login(member)
    assert 'data-testid="outbox"' not in _page(client, forum)
    other = UserFactory()
    grant(other, ForumFactory(), ForumRole.Role.SECRETARIAT)
    client.force_login(other)
    assert 'data-testid="outbox"' not in _page(client, forum)
    response = client.post(reverse("outbox_retry", args=[forum.slug, failed.pk]))
    assert response.status_code == 404
    client.force_login(member)
    response = client.post(reverse("outbox_retry", args=[forum.slug, failed.pk]))
    assert response.status_code == 404
    assert QueuedMail.objects.get(pk=failed.pk).status == QueuedMail.Status.FAILED


def test_the_secretariat_sends_it_again_once_the_mail_server_is_back(
    client, desk, settings, django_capture_on_commit_callbacks
):
    forum, secretariat, _member = desk
    queued = mail_queue(to="speaker@example.org", subject="Your proposal", body="...", forum=forum)
    # The mail server is away (nothing listens on port 1): every attempt fails.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    for _attempt in range(4):
        with pytest.raises(TransientMailError):
            mail_send(mail_id=queued.pk)
    assert mail_send(mail_id=queued.pk) == QueuedMail.Status.FAILED
    client.force_login(secretariat)
    page = _page(client, forum)
    assert "ConnectionRefusedError" in page
    assert "5 attempts" in page
    # Back up: "Send again" queues it with a fresh count, and the task sends it.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("outbox_retry", args=[forum.slug, queued.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith("#outbox")
    assert len(callbacks) == 1  # the send task is enqueued after commit
    again = QueuedMail.objects.get(pk=queued.pk)
    assert (again.status, again.attempts) == (QueuedMail.Status.QUEUED, 0)
    assert mail_send(mail_id=queued.pk) == QueuedMail.Status.SENT
    assert [m.subject for m in django_mail.outbox] == ["Your proposal"]
    assert 'data-testid="outbox"' not in _page(client, forum)
    # Retrying a mail that is not failed is refused as missing.
    response = client.post(reverse("outbox_retry", args=[forum.slug, queued.pk]))
    assert response.status_code == 404
