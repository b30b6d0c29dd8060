"""Demo transcripts: a share of each demo forum's sessions carry a transcript, imported through
the same service (and file checks) the secretariat uses, most of them published, and the demo
captioner is assigned to every room.

The seed records (shared/seeds/003_*, 004_*) hold no transcript, so every text here is generated:
sentences built from the session's own description and a bank of phrases of the forum's debates.
"""

from __future__ import annotations

from forum.demo import DemoContext
from forum.models import Forum, Room
from sessions.models import Session
from transcripts.models import CaptionerAssignment
from transcripts.services.editing import transcript_publish
from transcripts.services.imports import transcript_import

#: One session in SHARE gets a transcript; one in PUBLISH_EVERY of those stays a draft.
SHARE = 3
DRAFT_EVERY = 4

OPENINGS = [
    "Good morning and welcome to this session.",
    "Thank you all for joining us, onsite and online.",
    "Let me open the floor and introduce our speakers.",
]
PHRASES = [
    "meaningful connectivity remains out of reach for a third of the world",
    "multistakeholder cooperation is how we keep the Internet open and interoperable",
    "digital public goods let governments reuse what already works",
    "we need capacity development at every level, not only in capitals",
    "data governance must respect privacy and human rights",
    "the remote hubs bring voices the room would otherwise not hear",
    "artificial intelligence raises questions of accountability and transparency",
    "small and medium enterprises need affordable access and skills",
    "cybersecurity is a shared responsibility across borders",
    "youth participation should shape the agenda, not only attend it",
    "gender gaps in access and skills persist and must be measured",
    "local content and multilingualism make the Internet useful to everyone",
]
SPEAKERS = ["Moderator", "Speaker 1", "Speaker 2", "Speaker 3", "Online moderator"]


def _stamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"


def srt_for(session: Session, rng, *, cues: int) -> str:
    """A generated SubRip transcript of ``session``."""
    sentences = [s.strip() for s in session.description.replace("\n", " ").split(". ") if s.strip()]
    blocks, clock = [], 0
    for index in range(cues):
        if index == 0:
            text = f"{rng.choice(OPENINGS)} Our topic today: {session.title}."
        elif sentences and rng.random() < 0.3:
            text = rng.choice(sentences).rstrip(".") + "."
        else:
            text = f"I think {rng.choice(PHRASES)}, and {rng.choice(PHRASES)}."
        speaker = SPEAKERS[0] if index == 0 else rng.choice(SPEAKERS)
        duration = 2500 + 90 * len(text.split()) * 4
        blocks.append(
            f"{index + 1}\n{_stamp(clock)} --> {_stamp(clock + duration)}\n"
            f"{speaker.upper()}: {text}\n"
        )
        clock += duration + rng.randint(100, 900)
    return "\n".join(blocks)


def seed(ctx: DemoContext) -> None:
    secretariat = ctx.accounts["secretariat@demo.example"]
    captioner = ctx.accounts["captioner@demo.example"]
    cues = 40 if ctx.size.name == "small" else 60
    made = published = 0
    for forum in Forum.objects.filter(
        pk__in=[f.pk for f in (ctx.igf, ctx.wsis, ctx.igf_next) if f]
    ):
        CaptionerAssignment.objects.bulk_create(
            CaptionerAssignment(forum=forum, user=captioner, room=room)
            for room in Room.objects.filter(forum=forum)
        )
        sessions = list(
            Session.objects.filter(forum=forum, is_cancelled=False).order_by("starts_at", "pk")
        )
        ended = [s for s in sessions if s.ends_at and s.ends_at <= ctx.now]
        chosen = ended if ended else sessions[::SHARE]
        if ended:
            chosen = ended[: max(1, len(sessions) // SHARE)]
        for index, session in enumerate(chosen):
            data = srt_for(session, ctx.rng, cues=cues).encode()
            transcript_import(
                session=session, by=secretariat, name="captions.srt", data=data, now=ctx.now
            )
            made += 1
            if index % DRAFT_EVERY != DRAFT_EVERY - 1:
                transcript_publish(session=session, by=secretariat, now=ctx.now)
                published += 1
    ctx.log(f"transcripts: {made} sessions, {published} published")
