"""Q&A: ask, upvote once, moderate (approve, reject, answer) and highlight the question taken."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from remote_hubs.models import Hub, LiveEvent, LiveRoom, Question, QuestionVote
from remote_hubs.services.live.base import (
    LiveError,
    clean_text,
    live_settings_for,
    person_ref,
    require_moderator,
    require_participant,
    whole_number,
)
from remote_hubs.services.live.events import event_append

QUESTION_MAX = 500


def question_payload(question: Question) -> dict[str, Any]:
    return {
        "question_id": question.pk,
        "text": question.text,
        "status": question.status,
        "anonymous": question.anonymous,
        "at": question.created_at.isoformat(),
        **person_ref(question.author, question.hub, anonymous=question.anonymous),
    }


def question_ask(
    *,
    room: LiveRoom,
    by,
    text: Any,
    anonymous: Any = False,
    hub: Hub | None = None,
    now: dt.datetime | None = None,
) -> Question:
    now = now or timezone.now()
    text = clean_text(text, QUESTION_MAX, "question")
    if not isinstance(anonymous, bool):
        raise LiveError("invalid", "anonymous must be true or false.")
    live_settings = live_settings_for(forum=room.session.forum)
    if anonymous and not live_settings.allow_anonymous_questions:
        raise LiveError("forbidden", "This forum does not take anonymous questions.")
    status = (
        Question.Status.PENDING if live_settings.moderate_questions else Question.Status.VISIBLE
    )
    with transaction.atomic():
        require_participant(by, room)
        question = Question.objects.create(
            room=room,
            author=by,
            hub=hub,
            anonymous=anonymous,
            text=text,
            status=status,
            created_at=now,
        )
        pending = status == Question.Status.PENDING
        event_append(
            room=room,
            type="question.new",
            payload=question_payload(question),
            audience=LiveEvent.Audience.MODERATORS if pending else LiveEvent.Audience.ALL,
            user_id=by.pk if pending else None,
            now=now,
        )
    return question


def _question(room: LiveRoom, question_id: Any, *, lock: bool = True) -> Question:
    qs = Question.objects.select_related("author", "hub")
    if lock:
        qs = qs.select_for_update(of=("self",))
    question = qs.filter(room=room, pk=whole_number(question_id, "question_id")).first()
    if question is None:
        raise LiveError("not_found", "No such question in this room.")
    return question


def question_upvote(*, room: LiveRoom, by, question_id: Any, now: dt.datetime | None = None):
    """One upvote per person, enforced by the database. The count goes out batched."""
    now = now or timezone.now()
    with transaction.atomic():
        require_participant(by, room)
        question = _question(room, question_id, lock=False)
        if question.status != Question.Status.VISIBLE:
            raise LiveError("conflict", "Only open questions take upvotes.")
        if question.author_id == by.pk:
            raise LiveError("forbidden", "You cannot upvote your own question.")
        try:
            with transaction.atomic():
                QuestionVote.objects.create(question=question, user=by, created_at=now)
        except IntegrityError:
            raise LiveError("already_voted", "You upvoted this question already.") from None
    return question


def question_moderate(
    *, room: LiveRoom, by, question_id: Any, action: str, now: dt.datetime | None = None
) -> Question:
    """``action`` is approve, reject or answer."""
    now = now or timezone.now()
    with transaction.atomic():
        require_moderator(by, room.session)
        question = _question(room, question_id)
        if action == "approve":
            if question.status != Question.Status.PENDING:
                raise LiveError("conflict", "The question is not waiting for a moderator.")
            question.status = Question.Status.VISIBLE
            question.save(update_fields=["status"])
            event_append(
                room=room, type="question.published", payload=question_payload(question), now=now
            )
        elif action == "reject":
            if question.status not in (Question.Status.PENDING, Question.Status.VISIBLE):
                raise LiveError("conflict", "The question cannot be rejected now.")
            was_public = question.status == Question.Status.VISIBLE
            question.status = Question.Status.REJECTED
            question.save(update_fields=["status"])
            event_append(
                room=room,
                type="question.rejected",
                payload={"question_id": question.pk},
                audience=LiveEvent.Audience.ALL if was_public else LiveEvent.Audience.MODERATORS,
                user_id=None if was_public else question.author_id,
                now=now,
            )
        elif action == "answer":
            if question.status != Question.Status.VISIBLE:
                raise LiveError("conflict", "Only open questions can be marked answered.")
            question.status, question.answered_at = Question.Status.ANSWERED, now
            question.save(update_fields=["status", "answered_at"])
            event_append(
                room=room, type="question.answered", payload={"question_id": question.pk}, now=now
            )
        else:
            raise LiveError("invalid", "Unknown moderation action.")
    return question


def question_highlight(
    *, room: LiveRoom, by, question_id: Any, now: dt.datetime | None = None
) -> Question | None:
    """Highlight the question being taken (``None`` clears it); the projector view shows it."""
    now = now or timezone.now()
    with transaction.atomic():
        require_moderator(by, room.session)
        question = None
        if question_id is not None:
            question = _question(room, question_id)
            if question.status not in (Question.Status.VISIBLE, Question.Status.ANSWERED):
                raise LiveError("conflict", "Only published questions can be highlighted.")
        LiveRoom.objects.filter(pk=room.pk).update(highlighted_question=question)
        room.highlighted_question = question
        event_append(
            room=room,
            type="question.highlighted",
            payload={"question": question_payload(question) if question else None},
            now=now,
        )
    return question
