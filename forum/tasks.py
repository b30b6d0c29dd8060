from celery import shared_task

from forum import mail


@shared_task(
    acks_late=True,
    autoretry_for=(mail.TransientMailError,),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=mail.MAX_ATTEMPTS,
)
def send_queued_mail(mail_id: int) -> str | None:
    return mail.mail_send(mail_id=mail_id)


@shared_task(acks_late=True)
def requeue_stale_mail() -> int:
    return mail.mail_requeue_stale()
