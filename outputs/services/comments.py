"""The comment round: a done draft version opens to the forum's registered participants for
comments per paragraph during a set period; the secretariat answers and resolves them."""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.validators import check_text
from outputs.models import CommentRound, CompilationBuild, ParagraphComment
from outputs.rules import can_manage_compilations, may_comment
from outputs.services.builds import index_path

MAX_COMMENT = 3000


def paragraph_text(*, build: CompilationBuild, paragraph_id: str) -> str | None:
    """The text of one paragraph of a done build, from its index (None: no such paragraph)."""
    path = index_path(build)
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as index:
        for line in index:
            row = json.loads(line)
            if row["id"] == paragraph_id and row["kind"] == "p":
                return row["text"]
    return None


def round_open(
    *, build: CompilationBuild, by, closes_at: dt.datetime, opens_at: dt.datetime | None = None
) -> CommentRound:
    compilation = build.compilation
    if not can_manage_compilations.test(by, compilation.forum):
        raise PermissionDenied
    now = timezone.now()
    opens_at = opens_at or now
    if build.status != CompilationBuild.Status.DONE:
        raise ValidationError(_("Only a finished version can be opened for comments."))
    if build.is_published:
        raise ValidationError(_("This version is published already."))
    if closes_at <= max(opens_at, now):
        raise ValidationError(_("The round must close after it opens, in the future."))
    with transaction.atomic():
        CompilationBuild.objects.select_for_update().get(pk=build.pk)
        if CommentRound.objects.filter(build__compilation=compilation, closes_at__gt=now).exists():
            raise ValidationError(_("A comment round is open or planned already: close it first."))
        return CommentRound.objects.create(
            build=build, opens_at=opens_at, closes_at=closes_at, opened_by=by
        )


def round_close(*, round: CommentRound, by) -> CommentRound:
    if not can_manage_compilations.test(by, round.build.compilation.forum):
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        locked = CommentRound.objects.select_for_update().get(pk=round.pk)
        if locked.closes_at > now:
            locked.closes_at = max(now, locked.opens_at + dt.timedelta(microseconds=1))
            locked.save(update_fields=["closes_at"])
    return locked


def comment_add(*, round: CommentRound, paragraph_id: str, text: str, by) -> ParagraphComment:
    forum = round.build.compilation.forum
    if not may_comment.test(by, forum):
        raise PermissionDenied
    if not round.is_open():
        raise ValidationError(_("The comment round is closed."))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write a comment."))
    if len(text) > MAX_COMMENT:
        raise ValidationError(_("A comment has at most %(n)d characters.") % {"n": MAX_COMMENT})
    check_text(text=text)
    quoted = paragraph_text(build=round.build, paragraph_id=paragraph_id)
    if quoted is None:
        raise ValidationError(_("No such paragraph in this version."))
    with transaction.atomic():
        return ParagraphComment.objects.create(
            round=round, paragraph_id=paragraph_id, paragraph_text=quoted, author=by, text=text
        )


def comment_answer(*, comment: ParagraphComment, answer: str, by) -> ParagraphComment:
    if not can_manage_compilations.test(by, comment.round.build.compilation.forum):
        raise PermissionDenied
    answer = (answer or "").strip()
    if not answer or len(answer) > MAX_COMMENT:
        raise ValidationError(
            _("Write an answer of at most %(n)d characters.") % {"n": MAX_COMMENT}
        )
    check_text(answer=answer)
    with transaction.atomic():
        comment.answer = answer
        comment.answered_at = timezone.now()
        comment.answered_by = by
        comment.save(update_fields=["answer", "answered_at", "answered_by"])
    return comment


def comment_resolve(*, comment: ParagraphComment, by, resolved: bool = True) -> ParagraphComment:
    if not can_manage_compilations.test(by, comment.round.build.compilation.forum):
        raise PermissionDenied
    with transaction.atomic():
        comment.resolved_at = timezone.now() if resolved else None
        comment.resolved_by = by if resolved else None
        comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment
