"""Q&A: ask, upvote once, moderate (approve, reject, answer) and highlight."""

from __future__ import annotations

from channels.db import database_sync_to_async

from remote_hubs.handlers.base import BOOL, INT, INT_OR_NULL, STR, handles
from remote_hubs.services.live import questions


@handles("question.ask", required={"text": STR}, optional={"anonymous": BOOL})
async def question_ask(consumer, message) -> None:
    question = await database_sync_to_async(questions.question_ask)(
        room=consumer.room,
        by=consumer.user,
        text=message["text"],
        anonymous=message.get("anonymous", False),
        hub=consumer.hub,
    )
    # To the asker alone: an anonymous question's item carries no author, and the asker's page
    # must still know it is theirs (one may not upvote one's own question).
    await consumer.send_json({"type": "question.asked", "question_id": question.pk})


@handles("question.upvote", required={"question_id": INT})
async def question_upvote(consumer, message) -> None:
    question = await database_sync_to_async(questions.question_upvote)(
        room=consumer.room, by=consumer.user, question_id=message["question_id"]
    )
    consumer.aggregates.mark(consumer.room, "questions")
    await consumer.send_json({"type": "question.upvoted", "question_id": question.pk})


def _moderation(action: str):
    async def handle(consumer, message) -> None:
        await database_sync_to_async(questions.question_moderate)(
            room=consumer.room, by=consumer.user, question_id=message["question_id"], action=action
        )

    return handle


handles("question.approve", required={"question_id": INT})(_moderation("approve"))
handles("question.reject", required={"question_id": INT})(_moderation("reject"))
handles("question.answer", required={"question_id": INT})(_moderation("answer"))


@handles("question.highlight", required={"question_id": INT_OR_NULL})
async def question_highlight(consumer, message) -> None:
    await database_sync_to_async(questions.question_highlight)(
        room=consumer.room, by=consumer.user, question_id=message["question_id"]
    )
