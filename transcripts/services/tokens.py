"""Captioner tokens: created shown once, stored as a SHA-256 digest, revocable."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from forum.rules import is_captioner, is_secretariat
from transcripts.models import CaptionerToken

TOKEN_PREFIX = "plc_"  # noqa: S105 - the public prefix of every token, not a secret


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, forum, user, name: str) -> tuple[CaptionerToken, str]:
    """A new token for ``user``'s captioning software, and its secret (shown once)."""
    if not is_captioner.test(user, forum):
        raise PermissionDenied("Only the forum's captioners hold captioning tokens.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = CaptionerToken.objects.create(
        forum=forum,
        user=user,
        name=name.strip()[:100] or "Captioning",
        prefix=raw[:12],
        digest=digest_of(raw),
    )
    return token, raw


def token_revoke(*, token: CaptionerToken, by) -> None:
    if by.pk != token.user_id and not is_secretariat.test(by, token.forum):
        raise PermissionDenied("This token is not yours.")
    CaptionerToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def token_authenticate(raw: str | None) -> CaptionerToken | None:
    """The active token ``raw`` is the secret of, with its user, or ``None``."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = (
        CaptionerToken.objects.select_related("user", "forum")
        .filter(digest=digest_of(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        CaptionerToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
