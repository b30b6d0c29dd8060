"""The mail outbox: every email is a :class:`~forum.models.QueuedMail` row sent by a Celery task."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Forum, QueuedMail
from forum.rules import is_secretariat

logger = logging.getLogger(__name__)

#: After this many failed attempts a mail is marked failed and left for a person to look at.
MAX_ATTEMPTS = 5
#: Errors worth retrying: the mail server or the network was away for a while.
TRANSIENT_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    ConnectionError,
    TimeoutError,
    smtplib.SMTPDataError,
    OSError,
)


def absolute_url(path: str) -> str:
    """A link for a mail: ``path`` (e.g. from ``reverse``) on the site's public address, SITE_URL.

    Never the request's Host header, and never relative: a mail is read outside the site.
    """
    if "://" in path:
        return path
    site = settings.SITE_URL.rstrip("/")
    if not site:
        raise ImproperlyConfigured("SITE_URL must be set for mails to carry links.")
    return f"{site}/{path.lstrip('/')}"


def safe_subject(subject: str) -> str:
    """A subject on one line: a line break (from a proposal's title, say) would fail the mail."""
    return " ".join(part.strip() for part in subject.splitlines() if part.strip())


def mail_queue(
    *, to: str, subject: str, body: str, forum: Forum | None = None, reply_to: str = ""
) -> QueuedMail:
    """Store a mail and send it once the surrounding transaction commits."""
    mail = QueuedMail.objects.create(
        to=to, subject=safe_subject(subject)[:300], body=body, forum=forum, reply_to=reply_to
    )
    transaction.on_commit(lambda: _enqueue(mail.pk))
    return mail


def _enqueue(mail_id: int) -> None:
    from forum.tasks import send_queued_mail

    try:
        send_queued_mail.delay(mail_id)
    except Exception:
        # The row is stored; beat's requeue_stale_mail will try again. Never fail the request.
        logger.exception("could not enqueue mail %s", mail_id)


class TransientMailError(Exception):
    """Raised by :func:`mail_send` when a retry may succeed."""


def mail_send(*, mail_id: int) -> QueuedMail.Status | None:
    """Send one queued mail. Idempotent: a mail already sent or failed is left alone."""
    transient_error = None
    with transaction.atomic():
        mail = QueuedMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.status != QueuedMail.Status.QUEUED:
            return mail.status if mail else None
        mail.attempts += 1
        message = EmailMessage(
            subject=safe_subject(mail.subject),
            body=mail.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[mail.to],
            reply_to=[mail.reply_to] if mail.reply_to else None,
        )
        try:
            message.send(fail_silently=False)
        except TRANSIENT_ERRORS as exc:
            mail.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if mail.attempts >= MAX_ATTEMPTS:
                mail.status = QueuedMail.Status.FAILED
                mail.save(update_fields=["attempts", "last_error", "status"])
                logger.warning("mail %s failed for good after %s attempts", mail.pk, mail.attempts)
                return mail.status
            mail.save(update_fields=["attempts", "last_error"])
            transient_error = exc
        except Exception as exc:  # a malformed message will not get better: stop now
            mail.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            mail.status = QueuedMail.Status.FAILED
            mail.save(update_fields=["attempts", "last_error", "status"])
            logger.exception("mail %s failed", mail.pk)
            return mail.status
        else:
            mail.status = QueuedMail.Status.SENT
            mail.sent_at = timezone.now()
            mail.last_error = ""
            mail.save(update_fields=["attempts", "status", "sent_at", "last_error"])
            return mail.status
    # Raised after the commit, so that the attempt and its error are kept.
    raise TransientMailError(mail.last_error) from transient_error


def mail_requeue_stale(*, older_than: dt.timedelta = dt.timedelta(minutes=5)) -> int:
    """Enqueue again the mails still waiting (a broker restart may have dropped their task)."""
    from forum.tasks import send_queued_mail

    cutoff = timezone.now() - older_than
    ids = list(
        QueuedMail.objects.filter(status=QueuedMail.Status.QUEUED, created_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )
    for mail_id in ids:
        send_queued_mail.delay(mail_id)
    return len(ids)


# --- Failed mail on the secretariat's desk --------------------------------------------------------


def failed_mails(*, forum: Forum, viewer) -> QuerySet[QueuedMail]:
    """The forum's mails that could not be sent, newest first, for its secretariat only."""
    if not is_secretariat.test(viewer, forum):
        return QueuedMail.objects.none()
    return QueuedMail.objects.filter(forum=forum, status=QueuedMail.Status.FAILED).order_by(
        "-created_at", "-pk"
    )


def failed_mail_for(*, forum: Forum, viewer, pk: int) -> QueuedMail:
    """One failed mail of the forum, or 404 (for anyone but its secretariat, too)."""
    mail = failed_mails(forum=forum, viewer=viewer).filter(pk=pk).first()
    if mail is None:
        raise Http404("No such mail.")
    return mail


@transaction.atomic
def mail_retry(*, mail: QueuedMail, by) -> QueuedMail:
    """Put a failed mail back in the outbox, with a fresh count of attempts, and send it after
    commit. The last error stays visible until an attempt succeeds."""
    if mail.forum is None or not is_secretariat.test(by, mail.forum):
        raise PermissionDenied(_("Only the forum's secretariat can send its mail again."))
    updated = QueuedMail.objects.filter(pk=mail.pk, status=QueuedMail.Status.FAILED).update(
        status=QueuedMail.Status.QUEUED, attempts=0
    )
    if updated:
        transaction.on_commit(lambda: _enqueue(mail.pk))
    mail.refresh_from_db()
    logger.info("mail %s queued again by %s", mail.pk, getattr(by, "pk", None))
    return mail
