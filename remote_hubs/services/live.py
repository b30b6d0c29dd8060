"""Writes of the live room: chat, questions, the floor queue, polls, captions, hub attendance.

Each service checks permission and validity itself (consumers, views and the demo all call them),
writes inside one transaction and appends the room's item; the doorbell rings after commit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from forum.rules import forget_roles
from remote_hubs import rules as live_rules
from remote_hubs.models import (
    ChatMessage,
    FloorRequest,
    Hub,
    HubAttendance,
    LiveEvent,
    LiveRoom,
    LiveSettings,
    Mute,
    Poll,
    PollVote,
    Question,
    QuestionVote,
)
from remote_hubs.services.events import event_append
from sessions.models import Session

CHAT_MAX = 1000
QUESTION_MAX = 500
POLL_QUESTION_MAX = 300
POLL_OPTION_MAX = 120
POLL_OPTIONS_MAX = 12
WORD_MAX = 40
OPEN_TEXT_MAX = 200


class LiveError(Exception):
    """A refused request: ``code`` is stable for clients, ``message`` is for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _fresh(user) -> None:
    """Forget cached permissions, so that each message is authorised on what is true now."""
    forget_roles(user)
    if hasattr(user, "_plenaria_registered"):
        del user._plenaria_registered


def may_moderate(*, user, session: Session) -> bool:
    _fresh(user)
    session.__dict__.pop("_moderator_ids", None)
    return live_rules.can_moderate_live.test(user, session)


def may_take_part(*, user, session: Session) -> bool:
    _fresh(user)
    session.__dict__.pop("_moderator_ids", None)
    return live_rules.can_take_part_live.test(user, session)


def _require_moderator(user, session: Session) -> None:
    if not may_moderate(user=user, session=session):
        raise LiveError("forbidden", "Only the session's moderators may do this.")


def _require_participant(user, room: LiveRoom) -> None:
    if not user.is_authenticated:
        raise LiveError("login_required", "Log in to take part.")
    if not may_take_part(user=user, session=room.session):
        raise LiveError("forbidden", "Only registered participants of this forum take part.")
    if Mute.objects.filter(room=room, user=user).exists():
        raise LiveError("muted", "A moderator muted you in this room.")


def _clean_text(text: Any, limit: int, what: str) -> str:
    if not isinstance(text, str):
        raise LiveError("invalid", f"The {what} must be text.")
    text = text.strip()
    if not text:
        raise LiveError("invalid", f"The {what} is empty.")
    if len(text) > limit:
        raise LiveError("too_long", f"The {what} is longer than {limit} characters.")
    return text


def live_room_for(*, session: Session) -> LiveRoom:
    room, _ = LiveRoom.objects.get_or_create(session=session)
    room.session = session
    return room


def live_settings_for(*, forum) -> LiveSettings:
    settings_row = LiveSettings.objects.filter(forum=forum).first()
    return settings_row or LiveSettings(forum=forum)


def hub_for_user(*, user, forum, hub_id: int | None) -> Hub | None:
    """The approved hub someone follows the session from: one they chose, or the one they
    coordinate."""
    if not user.is_authenticated:
        return None
    approved = Hub.objects.filter(forum=forum, status=Hub.Status.APPROVED)
    if hub_id is not None:
        hub = approved.filter(pk=hub_id).first()
        if hub is None:
            raise LiveError("not_found", "No such approved hub in this forum.")
        return hub
    return approved.filter(coordinator=user).order_by("pk").first()


def _person(user, hub: Hub | None, *, anonymous: bool = False) -> dict[str, Any]:
    return {
        "author": None if anonymous else (user.name or user.email.split("@")[0]),
        "author_id": None if anonymous else user.pk,
        "hub": hub.label if hub else None,
        "hub_id": hub.pk if hub else None,
    }


# --- Chat ---------------------------------------------------------------------------------------


def chat_send(
    *, room: LiveRoom, by, text: Any, hub: Hub | None = None, now: dt.datetime | None = None
) -> ChatMessage:
    now = now or timezone.now()
    text = _clean_text(text, CHAT_MAX, "message")
    with transaction.atomic():
        _require_participant(by, room)
        message = ChatMessage.objects.create(
            room=room, author=by, hub=hub, text=text, created_at=now
        )
        message.event = event_append(
            room=room,
            type="chat.message",
            payload={
                "message_id": message.pk,
                "text": text,
                "at": now.isoformat(),
                **_person(by, hub),
            },
            now=now,
        )
        message.save(update_fields=["event"])
    return message


def chat_delete(
    *, room: LiveRoom, by, message_id: Any, now: dt.datetime | None = None
) -> ChatMessage:
    now = now or timezone.now()
    with transaction.atomic():
        _require_moderator(by, room.session)
        message = (
            ChatMessage.objects.select_for_update()
            .filter(room=room, pk=_int(message_id, "message_id"))
            .first()
        )
        if message is None:
            raise LiveError("not_found", "No such message in this room.")
        if message.deleted_at is not None:
            raise LiveError("conflict", "The message is deleted already.")
        message.deleted_at, message.deleted_by = now, by
        message.save(update_fields=["deleted_at", "deleted_by"])
        if message.event_id:
            # Replays must not bring the deleted text back.
            LiveEvent.objects.filter(pk=message.event_id).update(
                payload={"message_id": message.pk, "deleted": True}
            )
        event_append(room=room, type="chat.deleted", payload={"message_id": message.pk}, now=now)
    return message


def user_mute(
    *, room: LiveRoom, by, user_id: Any, muted: Any = True, now: dt.datetime | None = None
) -> bool:
    from forum.models import User

    now = now or timezone.now()
    if not isinstance(muted, bool):
        raise LiveError("invalid", "muted must be true or false.")
    with transaction.atomic():
        _require_moderator(by, room.session)
        target = User.objects.filter(pk=_int(user_id, "user_id")).first()
        if target is None:
            raise LiveError("not_found", "No such person.")
        if muted:
            _, created = Mute.objects.get_or_create(
                room=room, user=target, defaults={"by": by, "created_at": now}
            )
            changed = created
        else:
            changed = bool(Mute.objects.filter(room=room, user=target).delete()[0])
        if changed:
            event_append(
                room=room,
                type="user.muted" if muted else "user.unmuted",
                payload={"user_id": target.pk, "name": target.name},
                audience=LiveEvent.Audience.MODERATORS,
                user_id=target.pk,
                now=now,
            )
    return changed


# --- Questions ----------------------------------------------------------------------------------


def question_payload(question: Question) -> dict[str, Any]:
    return {
        "question_id": question.pk,
        "text": question.text,
        "status": question.status,
        "anonymous": question.anonymous,
        "at": question.created_at.isoformat(),
        **_person(question.author, question.hub, anonymous=question.anonymous),
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
    text = _clean_text(text, QUESTION_MAX, "question")
    if not isinstance(anonymous, bool):
        raise LiveError("invalid", "anonymous must be true or false.")
    live_settings = live_settings_for(forum=room.session.forum)
    if anonymous and not live_settings.allow_anonymous_questions:
        raise LiveError("forbidden", "This forum does not take anonymous questions.")
    status = (
        Question.Status.PENDING if live_settings.moderate_questions else Question.Status.VISIBLE
    )
    with transaction.atomic():
        _require_participant(by, room)
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
    question = qs.filter(room=room, pk=_int(question_id, "question_id")).first()
    if question is None:
        raise LiveError("not_found", "No such question in this room.")
    return question


def question_upvote(*, room: LiveRoom, by, question_id: Any, now: dt.datetime | None = None):
    """One upvote per person, enforced by the database. The count goes out batched."""
    now = now or timezone.now()
    with transaction.atomic():
        _require_participant(by, room)
        question = _question(room, question_id, lock=False)
        if question.status != Question.Status.VISIBLE:
            raise LiveError("conflict", "Only open questions take upvotes.")
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
        _require_moderator(by, room.session)
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
        _require_moderator(by, room.session)
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


# --- Request the floor --------------------------------------------------------------------------


def _floor_payload(request: FloorRequest) -> dict[str, Any]:
    return {
        "request_id": request.pk,
        "hub": request.hub.label,
        "hub_id": request.hub_id,
        "status": request.status,
        "by": request.requested_by.name,
    }


def floor_request(*, room: LiveRoom, by, hub: Hub | None, now: dt.datetime | None = None):
    now = now or timezone.now()
    if hub is None:
        raise LiveError("no_hub", "Only someone following from a hub may request the floor.")
    with transaction.atomic():
        _require_participant(by, room)
        # Participants may say they follow from a hub; only its coordinator speaks for it.
        if not live_rules.can_manage_hub.test(by, hub):
            raise LiveError("forbidden", "Only the hub's coordinator requests the floor for it.")
        try:
            with transaction.atomic():
                request = FloorRequest.objects.create(
                    room=room, hub=hub, requested_by=by, created_at=now
                )
        except IntegrityError:
            raise LiveError("conflict", "Your hub is in the queue already.") from None
        event_append(room=room, type="floor.requested", payload=_floor_payload(request), now=now)
    return request


def floor_update(
    *, room: LiveRoom, by, request_id: Any, status: str, now: dt.datetime | None = None
) -> FloorRequest:
    """Moderators grant the floor and mark it done; the hub may withdraw its own request."""
    now = now or timezone.now()
    allowed = {
        FloorRequest.Status.GRANTED: {FloorRequest.Status.WAITING},
        FloorRequest.Status.DONE: {FloorRequest.Status.WAITING, FloorRequest.Status.GRANTED},
        FloorRequest.Status.WITHDRAWN: {FloorRequest.Status.WAITING},
    }
    if status not in allowed:
        raise LiveError("invalid", "Unknown floor status.")
    with transaction.atomic():
        request = (
            FloorRequest.objects.select_for_update(of=("self",))
            .select_related("hub", "requested_by")
            .filter(room=room, pk=_int(request_id, "request_id"))
            .first()
        )
        if request is None:
            raise LiveError("not_found", "No such request in this room.")
        if status == FloorRequest.Status.WITHDRAWN:
            if request.requested_by_id != by.pk and not may_moderate(user=by, session=room.session):
                raise LiveError("forbidden", "Only the hub that asked may withdraw.")
        else:
            _require_moderator(by, room.session)
        if request.status not in allowed[status]:
            raise LiveError("conflict", f"The request is {request.status}.")
        request.status = status
        request.save(update_fields=["status"])
        event_append(room=room, type="floor.updated", payload=_floor_payload(request), now=now)
    return request


# --- Polls --------------------------------------------------------------------------------------


def poll_definition(poll: Poll) -> dict[str, Any]:
    return {
        "poll_id": poll.pk,
        "kind": poll.kind,
        "question": poll.question,
        "options": poll.options,
        "scale_max": poll.scale_max,
        "status": poll.status,
        "results_hidden": poll.results_hidden,
    }


def poll_create(
    *,
    room: LiveRoom,
    by,
    kind: Any,
    question: Any,
    options: Any = None,
    scale_max: Any = 5,
    results_hidden: Any = False,
    now: dt.datetime | None = None,
) -> Poll:
    now = now or timezone.now()
    if kind not in Poll.Kind.values:
        raise LiveError("invalid", "Unknown poll kind.")
    question = _clean_text(question, POLL_QUESTION_MAX, "poll question")
    if not isinstance(results_hidden, bool):
        raise LiveError("invalid", "results_hidden must be true or false.")
    options = options or []
    if kind in (Poll.Kind.SINGLE, Poll.Kind.MULTIPLE):
        if not isinstance(options, list) or not 2 <= len(options) <= POLL_OPTIONS_MAX:
            raise LiveError("invalid", f"A choice poll has 2 to {POLL_OPTIONS_MAX} options.")
        options = [_clean_text(o, POLL_OPTION_MAX, "option") for o in options]
    else:
        options = []
    scale = _int(scale_max, "scale_max")
    if kind == Poll.Kind.RATING and not 2 <= scale <= 10:
        raise LiveError("invalid", "A rating scale goes from 1 to between 2 and 10.")
    with transaction.atomic():
        _require_moderator(by, room.session)
        poll = Poll.objects.create(
            room=room,
            kind=kind,
            question=question,
            options=options,
            scale_max=scale,
            results_hidden=results_hidden,
            created_by=by,
            created_at=now,
        )
        event_append(
            room=room,
            type="poll.created",
            payload=poll_definition(poll),
            audience=LiveEvent.Audience.MODERATORS,
            now=now,
        )
    return poll


def poll_set_status(
    *, room: LiveRoom, by, poll_id: Any, status: str, now: dt.datetime | None = None
) -> Poll:
    now = now or timezone.now()
    transitions = {Poll.Status.OPEN: Poll.Status.DRAFT, Poll.Status.CLOSED: Poll.Status.OPEN}
    if status not in transitions:
        raise LiveError("invalid", "A poll is opened or closed.")
    with transaction.atomic():
        _require_moderator(by, room.session)
        poll = (
            Poll.objects.select_for_update().filter(room=room, pk=_int(poll_id, "poll_id")).first()
        )
        if poll is None:
            raise LiveError("not_found", "No such poll in this room.")
        if poll.status != transitions[status]:
            raise LiveError("conflict", f"The poll is {poll.status}.")
        poll.status = status
        poll.save(update_fields=["status"])
        payload = poll_definition(poll)
        if status == Poll.Status.CLOSED:
            payload["results"] = poll_results(poll)
        event_append(
            room=room,
            type="poll.opened" if status == Poll.Status.OPEN else "poll.closed",
            payload=payload,
            now=now,
        )
    return poll


def poll_vote(*, room: LiveRoom, by, poll_id: Any, answer: Any, now: dt.datetime | None = None):
    """Store one person's answer; the database refuses a second one."""
    now = now or timezone.now()
    with transaction.atomic():
        _require_participant(by, room)
        poll = Poll.objects.filter(room=room, pk=_int(poll_id, "poll_id")).first()
        if poll is None or poll.status == Poll.Status.DRAFT:
            raise LiveError("not_found", "No such poll in this room.")
        if poll.status != Poll.Status.OPEN:
            raise LiveError("poll_closed", "The poll is closed.")
        vote = PollVote(poll=poll, user=by, created_at=now)
        if poll.kind == Poll.Kind.SINGLE:
            choice = _int(answer, "answer")
            if not 0 <= choice < len(poll.options):
                raise LiveError("invalid", "No such option.")
            vote.choices = [choice]
        elif poll.kind == Poll.Kind.MULTIPLE:
            if not isinstance(answer, list) or not answer:
                raise LiveError("invalid", "Choose at least one option.")
            choices = sorted({_int(a, "answer") for a in answer})
            if any(not 0 <= c < len(poll.options) for c in choices):
                raise LiveError("invalid", "No such option.")
            vote.choices = choices
        elif poll.kind == Poll.Kind.RATING:
            rating = _int(answer, "answer")
            if not 1 <= rating <= poll.scale_max:
                raise LiveError("invalid", f"Rate from 1 to {poll.scale_max}.")
            vote.rating = rating
        elif poll.kind == Poll.Kind.WORDCLOUD:
            word = _clean_text(answer, WORD_MAX, "word").lower()
            if len(word.split()) > 3:
                raise LiveError("invalid", "A word cloud takes up to three words.")
            vote.text = word
        else:
            vote.text = _clean_text(answer, OPEN_TEXT_MAX, "answer")
        try:
            with transaction.atomic():
                vote.save()
        except IntegrityError:
            raise LiveError("already_voted", "You answered this poll already.") from None
    return vote


def poll_results(poll: Poll) -> dict[str, Any]:
    """The tally: counts per option, a rating distribution and average, or words/answers."""
    rows = list(PollVote.objects.filter(poll=poll).values_list("choices", "rating", "text"))
    result: dict[str, Any] = {"votes": len(rows)}
    if poll.kind in (Poll.Kind.SINGLE, Poll.Kind.MULTIPLE):
        counts = [0] * len(poll.options)
        for choices, _rating, _text in rows:
            for c in choices:
                if 0 <= c < len(counts):
                    counts[c] += 1
        result["counts"] = counts
    elif poll.kind == Poll.Kind.RATING:
        counts = [0] * poll.scale_max
        for _c, rating, _t in rows:
            counts[rating - 1] += 1
        total = sum((i + 1) * n for i, n in enumerate(counts))
        result["counts"] = counts
        result["average"] = round(total / len(rows), 2) if rows else None
    elif poll.kind == Poll.Kind.WORDCLOUD:
        words: dict[str, int] = {}
        for _c, _r, text in rows:
            words[text] = words.get(text, 0) + 1
        result["words"] = sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))[:60]
    else:
        result["answers"] = [text for _c, _r, text in rows][-200:]
    return result


# --- Captions, attendance -----------------------------------------------------------------------


def caption_append(
    *, room: LiveRoom, by, text: Any, language: str = "en", now: dt.datetime | None = None
):
    """A segment of live captions (the transcripts issue fills these from the captioners)."""
    from forum.rules import is_captioner, is_secretariat

    now = now or timezone.now()
    text = _clean_text(text, 2000, "caption")
    _fresh(by)
    forum = room.session.forum
    if not (is_captioner.test(by, forum) or is_secretariat.test(by, forum)):
        raise LiveError("forbidden", "Only captioners write captions.")
    with transaction.atomic():
        return event_append(
            room=room,
            type="caption.segment",
            payload={"text": text, "language": language[:8], "at": now.isoformat()},
            now=now,
        )


def hub_attendance_report(
    *, hub: Hub, session: Session, by, people: Any, now: dt.datetime | None = None
) -> HubAttendance:
    """The hub coordinator reports how many people are present (live, or afterwards)."""
    now = now or timezone.now()
    count = _int(people, "people")
    if not 0 <= count <= 100_000:
        raise LiveError("invalid", "Report between 0 and 100000 people.")
    _fresh(by)
    if hub.forum_id != session.forum_id or hub.status != Hub.Status.APPROVED:
        raise LiveError("forbidden", "Only an approved hub of this forum reports attendance.")
    if not live_rules.can_manage_hub.test(by, hub):
        raise LiveError("forbidden", "Only the hub's coordinator reports attendance.")
    return HubAttendance.objects.create(
        hub=hub, session=session, people=count, reported_by=by, reported_at=now
    )


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise LiveError("invalid", f"{name} must be a whole number.")
    return value
