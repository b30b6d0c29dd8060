"""Polls: moderators create, open and close; participants answer once; the tally."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from remote_hubs.models import LiveEvent, LiveRoom, Poll, PollVote
from remote_hubs.services.live.base import (
    LiveError,
    clean_text,
    require_moderator,
    require_participant,
    whole_number,
)
from remote_hubs.services.live.events import event_append

POLL_QUESTION_MAX = 300
POLL_OPTION_MAX = 120
POLL_OPTIONS_MAX = 12
WORD_MAX = 40
OPEN_TEXT_MAX = 200


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
    question = clean_text(question, POLL_QUESTION_MAX, "poll question")
    if not isinstance(results_hidden, bool):
        raise LiveError("invalid", "results_hidden must be true or false.")
    options = options or []
    if kind in (Poll.Kind.SINGLE, Poll.Kind.MULTIPLE):
        if not isinstance(options, list) or not 2 <= len(options) <= POLL_OPTIONS_MAX:
            raise LiveError("invalid", f"A choice poll has 2 to {POLL_OPTIONS_MAX} options.")
        options = [clean_text(o, POLL_OPTION_MAX, "option") for o in options]
    else:
        options = []
    scale = whole_number(scale_max, "scale_max")
    if kind == Poll.Kind.RATING and not 2 <= scale <= 10:
        raise LiveError("invalid", "A rating scale goes from 1 to between 2 and 10.")
    with transaction.atomic():
        require_moderator(by, room.session)
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
        require_moderator(by, room.session)
        poll = (
            Poll.objects.select_for_update()
            .filter(room=room, pk=whole_number(poll_id, "poll_id"))
            .first()
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
        require_participant(by, room)
        poll = Poll.objects.filter(room=room, pk=whole_number(poll_id, "poll_id")).first()
        if poll is None or poll.status == Poll.Status.DRAFT:
            raise LiveError("not_found", "No such poll in this room.")
        if poll.status != Poll.Status.OPEN:
            raise LiveError("poll_closed", "The poll is closed.")
        vote = PollVote(poll=poll, user=by, created_at=now)
        if poll.kind == Poll.Kind.SINGLE:
            choice = whole_number(answer, "answer")
            if not 0 <= choice < len(poll.options):
                raise LiveError("invalid", "No such option.")
            vote.choices = [choice]
        elif poll.kind == Poll.Kind.MULTIPLE:
            if not isinstance(answer, list) or not answer:
                raise LiveError("invalid", "Choose at least one option.")
            choices = sorted({whole_number(a, "answer") for a in answer})
            if any(not 0 <= c < len(poll.options) for c in choices):
                raise LiveError("invalid", "No such option.")
            vote.choices = choices
        elif poll.kind == Poll.Kind.RATING:
            rating = whole_number(answer, "answer")
            if not 1 <= rating <= poll.scale_max:
                raise LiveError("invalid", f"Rate from 1 to {poll.scale_max}.")
            vote.rating = rating
        elif poll.kind == Poll.Kind.WORDCLOUD:
            word = clean_text(answer, WORD_MAX, "word").lower()
            if len(word.split()) > 3:
                raise LiveError("invalid", "A word cloud takes up to three words.")
            vote.text = word
        else:
            vote.text = clean_text(answer, OPEN_TEXT_MAX, "answer")
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
