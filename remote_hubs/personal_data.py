"""What the live rooms hold about a person, for their data export (registration's
``participant_data_export``): the sessions they followed live, their chat lines, questions and
votes. Registered from
:class:`remote_hubs.apps.RemoteHubsConfig`, since registration may not import this app."""

from __future__ import annotations

from typing import Any

from remote_hubs.models import ChatMessage, LiveAttendance, PollVote, Question, QuestionVote


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def live_room_data(user) -> dict[str, Any]:
    return {
        "sessions_followed": [
            {
                "session": a.room.session.title,
                "forum": a.room.session.forum.slug,
                "hub": str(a.hub) if a.hub_id else None,
                "first_seen_at": _iso(a.first_seen_at),
            }
            for a in LiveAttendance.objects.filter(user=user)
            .select_related("room__session__forum", "hub")
            .order_by("first_seen_at", "pk")
        ],
        "chat_messages": [
            {
                "session": m.room.session.title,
                "forum": m.room.session.forum.slug,
                "text": m.text,
                "created_at": _iso(m.created_at),
                "deleted_at": _iso(m.deleted_at),
            }
            for m in ChatMessage.objects.filter(author=user)
            .select_related("room__session__forum")
            .order_by("created_at", "pk")
        ],
        "questions": [
            {
                "session": q.room.session.title,
                "forum": q.room.session.forum.slug,
                "text": q.text,
                "anonymous": q.anonymous,
                "status": q.status,
                "created_at": _iso(q.created_at),
            }
            for q in Question.objects.filter(author=user)
            .select_related("room__session__forum")
            .order_by("created_at", "pk")
        ],
        "question_votes": [
            {"question": v.question.text, "created_at": _iso(v.created_at)}
            for v in QuestionVote.objects.filter(user=user)
            .select_related("question")
            .order_by("created_at", "pk")
        ],
        "poll_votes": [
            {
                "poll": v.poll.question,
                "choices": v.choices,
                "rating": v.rating,
                "text": v.text,
                "created_at": _iso(v.created_at),
            }
            for v in PollVote.objects.filter(user=user)
            .select_related("poll")
            .order_by("created_at", "pk")
        ],
    }


def register() -> None:
    from registration.services.privacy import register_personal_data

    register_personal_data("live_rooms", live_room_data)
