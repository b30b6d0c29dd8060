"""Prefill a report's draft from what the platform knows about the session.

Each source is one function returning a JSON-able dict (or None when it knows nothing); the
facts are stored in ``platform_facts`` under the source's key, with a label saying where they
came from, and the participation numbers are copied into empty fields. Nothing is submitted:
the rapporteur edits and submits."""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from registration.models import CheckIn
from registration.models.registration import Gender
from remote_hubs.models import HubAttendance, LiveAttendance, LiveRoom, Poll, PollVote, Question
from reports.models import SessionReport
from sessions.models import Bookmark, ProposalPerson, Session
from transcripts.models import Transcript

TOP_QUESTIONS = 5
TRANSCRIPT_PARAGRAPHS = 3


def facts_session(session: Session) -> dict:
    people = []
    if session.proposal_id:
        for p in session.proposal.people.exclude(
            confirmation=ProposalPerson.Confirmation.DECLINED
        ).order_by("role", "position", "pk"):
            people.append(
                {
                    "name": p.name,
                    "role": p.get_role_display(),
                    "organisation": p.organisation,
                    "participation": p.participation,
                    "gender": p.gender,
                }
            )
    return {
        "source": "sessions",
        "title": session.title,
        "type": session.session_type.name if session.session_type_id else "",
        "theme": session.theme.name if session.theme_id else "",
        "room": session.room.name if session.room_id else "",
        "starts_at": session.starts_at.isoformat() if session.starts_at else None,
        "ends_at": session.ends_at.isoformat() if session.ends_at else None,
        "people": people,
    }


def facts_checkins(session: Session) -> dict | None:
    """Onsite participants from the badges checked in on the session's day. The desk sees the
    day, not the room: the figure offered for the session (``onsite``) is those of them who had
    put the session in their schedule, and the day's total is given beside it. None when no
    badge was checked in that day (the desk was not used: nothing is known, not zero)."""
    if session.starts_at is None:
        return None
    day = timezone.localtime(session.starts_at).date()
    rows = CheckIn.objects.filter(registration__forum_id=session.forum_id, day=day)
    day_total = rows.values("registration").distinct().count()
    if not day_total:
        return None
    planned = rows.filter(
        registration__user__in=Bookmark.objects.filter(session=session).values("user")
    )
    counts = planned.aggregate(
        onsite=Count("registration", distinct=True),
        women=Count("registration", distinct=True, filter=Q(registration__gender=Gender.WOMAN)),
    )
    return {
        "source": "registration",
        "day": day.isoformat(),
        "day_onsite": day_total,
        "onsite": counts["onsite"],
        "women": counts["women"],
    }


def facts_presence(session: Session) -> dict | None:
    """People who followed the live room, online or from a hub: the signed-in people who joined
    (``LiveAttendance``, each once) and the most connections open at once (the room's peak,
    anonymous viewers included). Both count fewer than were there, so ``online`` is the larger
    of the two figures for people not at a hub."""
    room = LiveRoom.objects.filter(session=session).first()
    if room is None:
        return None
    people = LiveAttendance.objects.filter(room=room).aggregate(
        online=Count("pk", filter=Q(hub__isnull=True)),
        at_hubs=Count("pk", filter=Q(hub__isnull=False)),
    )
    signed_in_online, signed_in_at_hubs = people["online"], people["at_hubs"]
    if not (signed_in_online or signed_in_at_hubs or room.peak_connected):
        return None
    return {
        "source": "remote_hubs",
        "online": max(signed_in_online, room.peak_online),
        "signed_in_online": signed_in_online,
        "signed_in_at_hubs": signed_in_at_hubs,
        "peak_connections": room.peak_connected,
        "peak_online": room.peak_online,
        "peak_at": room.peak_at.isoformat() if room.peak_at else None,
    }


def facts_hubs(session: Session) -> dict | None:
    """People present at hubs, from each hub's latest attendance report."""
    latest = (
        HubAttendance.objects.filter(session=session)
        .values("hub")
        .annotate(last=Max("reported_at"))
    )
    if not latest:
        return None
    hubs = []
    for row in latest:
        report = (
            HubAttendance.objects.filter(
                session=session, hub_id=row["hub"], reported_at=row["last"]
            )
            .select_related("hub")
            .order_by("-pk")
            .first()
        )
        hubs.append({"hub": str(report.hub), "people": report.people})
    hubs.sort(key=lambda h: h["hub"])
    return {"source": "remote_hubs", "hubs": hubs, "total": sum(h["people"] for h in hubs)}


def facts_questions(session: Session) -> dict | None:
    questions = (
        Question.objects.filter(room__session=session)
        .exclude(status=Question.Status.REJECTED)
        .exclude(status=Question.Status.PENDING)
        .annotate(n_votes=Count("votes"))
        .order_by("-n_votes", "pk")[:TOP_QUESTIONS]
    )
    top = [
        {"text": q.text, "votes": q.n_votes, "answered": q.status == "answered"} for q in questions
    ]
    return {"source": "remote_hubs", "top": top} if top else None


def facts_polls(session: Session) -> dict | None:
    polls = []
    for poll in Poll.objects.filter(room__session=session).exclude(status=Poll.Status.DRAFT):
        votes = list(PollVote.objects.filter(poll=poll).values_list("choices", "rating"))
        entry = {"question": poll.question, "kind": poll.kind, "votes": len(votes)}
        if poll.kind in (Poll.Kind.SINGLE, Poll.Kind.MULTIPLE):
            counts: Counter = Counter()
            for choices, _rating in votes:
                for choice in choices or []:
                    counts[choice] += 1
            options = poll.options or []
            entry["results"] = [
                {
                    "option": str(options[i])
                    if isinstance(i, int) and i < len(options)
                    else str(i),
                    "votes": n,
                }
                for i, n in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
            ]
        elif poll.kind == Poll.Kind.RATING:
            ratings = [r for _c, r in votes if r is not None]
            entry["average"] = round(sum(ratings) / len(ratings), 2) if ratings else None
        polls.append(entry)
    return {"source": "remote_hubs", "polls": polls} if polls else None


def facts_transcript(session: Session) -> dict | None:
    transcript = Transcript.objects.filter(session=session).first()
    if transcript is None:
        return None
    texts = list(transcript.segments.order_by("sequence").values_list("text", flat=True))
    if not texts:
        return None
    words = sum(len(t.split()) for t in texts)
    return {
        "source": "transcripts",
        "published": transcript.is_published,
        "segments": len(texts),
        "words": words,
        "opening": texts[:TRANSCRIPT_PARAGRAPHS],
        "url": reverse("transcript", kwargs={"slug": session.forum.slug, "session_id": session.pk}),
    }


SOURCES = {
    "session": facts_session,
    "checkins": facts_checkins,
    "presence": facts_presence,
    "hubs": facts_hubs,
    "questions": facts_questions,
    "polls": facts_polls,
    "transcript": facts_transcript,
}


def report_prefill(*, report_id: int) -> SessionReport | None:
    """Gather the facts and fill the empty participation fields; idempotent (a rerun refreshes
    the facts and never overwrites what the rapporteur typed)."""
    report = (
        SessionReport.objects.select_related(
            "session__forum",
            "session__proposal",
            "session__room",
            "session__theme",
            "session__session_type",
        )
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return None
    facts = {}
    for key, source in SOURCES.items():
        value = source(report.session)
        if value is not None:
            facts[key] = value
    with transaction.atomic():
        locked = SessionReport.objects.select_for_update().get(pk=report.pk)
        locked.platform_facts = facts
        # Only the full report asks for participation: a short report's editor has no such
        # fields, so figures copied into it would be published without anyone seeing them.
        if locked.kind == SessionReport.Kind.FULL and locked.status in (
            SessionReport.Status.DRAFT,
            SessionReport.Status.RETURNED,
        ):
            checkins, presence, hubs = (
                facts.get("checkins"),
                facts.get("presence"),
                facts.get("hubs"),
            )
            # No one who checked in had the session in their schedule: not known, not zero.
            onsite = checkins["onsite"] if checkins and checkins["onsite"] else None
            offered = {
                "participants_onsite": onsite,
                "participants_women": checkins["women"] if onsite else None,
                "participants_online": presence["online"] if presence else None,
                "participants_hubs": hubs["total"] if hubs else None,
            }
            filled = False
            for field, value in offered.items():
                if value is not None and getattr(locked, field) is None:
                    setattr(locked, field, value)
                    filled = True
            # Only a draft the prefill changed gets a new revision: the rapporteur typing in
            # the editor meanwhile can still save unless a figure appeared under them.
            if filled:
                locked.revision += 1
        locked.prefill_status = SessionReport.PrefillStatus.DONE
        locked.prefill_error = ""
        locked.prefilled_at = timezone.now()
        locked.save()
    return locked


def report_prefill_failed(*, report_id: int, error: str) -> None:
    SessionReport.objects.filter(pk=report_id).update(
        prefill_status=SessionReport.PrefillStatus.FAILED, prefill_error=error[:300]
    )
