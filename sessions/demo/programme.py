"""Demo step: each forum's programme, made by the scheduler and published.

For each demo forum: the grid (the forum days, or the IGF's four days after Day 0, 09:00-18:00
with a lunch break), an expected audience for each session, an opening and a closing pinned in
the largest room (plus main sessions organised by the secretariat until the forum has at least
ten sessions), on the live forum's first day sessions pinned at the opening hour that have ended
by the demo's moment (the real GovStack session, shared/seeds/003, first: it carries its real
report), then the scheduler places every session, its schedule is applied to the draft and
published as version 1; one session then moves and version 2 tells its people.

Deterministic: the solver runs on one worker for a fixed amount of its deterministic time.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from forum.demo import DEMO_PROGRAMME_BLOCKS
from forum.models import Forum, QueuedMail, User
from sessions.demo import seed_records as records
from sessions.models import (
    DraftPlacement,
    ProgrammeVersion,
    SchedulerSettings,
    ScheduleRun,
    Session,
    SessionType,
)
from sessions.selectors.schedule import draft_placements, schedule_facts
from sessions.selectors.schedule_facts import Placement, layout_fits, placement_warnings
from sessions.services import programme as programme_services
from sessions.services import programme_draft, programme_publish
from sessions.services.scheduler.run import schedule_run_execute, schedule_run_start

MIN_SESSIONS = 10
AUDIENCE = {"main-session": 400, "town-hall": 120, "open-forum": 80, "high-level-dialogue": 150}
#: The solver's deterministic time (about seconds) the demo gives each forum.
DEMO_SOLVE_UNITS = 5
#: The programme day and its lunch break, from the demo's one definition of its hours
#: (``forum.demo.DEMO_PROGRAMME_BLOCKS``: 09:00-13:00 and 14:00-18:00).
DAY_STARTS, LUNCH_STARTS = DEMO_PROGRAMME_BLOCKS[0]
LUNCH_ENDS, DAY_ENDS = DEMO_PROGRAMME_BLOCKS[-1]


def seed(ctx) -> None:
    secretariat = User.objects.get(email="secretariat@demo.example")
    for forum in (ctx.igf, ctx.wsis):
        if forum is not None:
            _seed_forum(ctx, forum, secretariat)


def programme_dates(forum: Forum) -> list[dt.date]:
    """The forum's programme days: the IGF's Day 0 is for its own events, the grid is the rest."""
    days = forum.days
    return days[-4:] if forum.kind == Forum.Kind.IGF and len(days) > 4 else days


def _seed_forum(ctx, forum: Forum, secretariat: User) -> None:
    tz = forum.tzinfo
    step_started = timezone.now()
    for date in programme_dates(forum):
        programme_draft.programme_day_set(
            forum=forum,
            date=date,
            starts_at=DAY_STARTS,
            ends_at=DAY_ENDS,
            slot_minutes=15,
            by=secretariat,
        )
        programme_draft.blocked_period_add(
            forum=forum,
            room=None,
            label="Lunch break",
            starts_at=dt.datetime.combine(date, LUNCH_STARTS, tzinfo=tz),
            ends_at=dt.datetime.combine(date, LUNCH_ENDS, tzinfo=tz),
            by=secretariat,
        )
    sessions = list(Session.objects.filter(forum=forum).select_related("session_type"))
    rooms = list(forum.rooms.all())
    for session in sessions:
        code = session.session_type.code
        wanted = AUDIENCE.get(code, ctx.rng.choice([20, 30, 40, 50]))
        # No more people than the largest room laid out for the format seats.
        largest = max(
            (r.capacity for r in rooms if layout_fits(session.format, r.layout)), default=wanted
        )
        session.expected_audience = min(wanted, largest)
    Session.objects.bulk_update(sessions, ["expected_audience"])
    _organised_sessions(ctx, forum, secretariat, len(sessions))
    _pin_first_morning(ctx, forum, secretariat, sessions)

    _deterministic_guids(ctx, forum)
    config, _created = SchedulerSettings.objects.get_or_create(forum=forum)
    config.time_limit_seconds = DEMO_SOLVE_UNITS
    config.save()
    run = schedule_run_start(forum=forum, by=secretariat)
    run = schedule_run_execute(run_id=run.pk, workers=1, deterministic=True)
    if run.status != run.Status.DONE:
        raise RuntimeError(f"The demo programme of {forum} has no schedule: {run.explanation}")
    programme_draft.draft_apply_run(run=run, by=secretariat)
    first = programme_publish.programme_publish(
        forum=forum, by=secretariat, note="The first programme of the forum."
    )
    moved = _move_one(forum, secretariat)
    second = programme_publish.programme_publish(
        forum=forum, by=secretariat, note="One session moved to another time."
    )
    _date_rows(ctx, forum, run, first, second, step_started)
    ctx.log(
        f"Programme ({forum.name}): {len(first.changelog['added'])} sessions scheduled "
        f"(objective {run.objective}), version {second.number} moved "
        f"“{moved.title if moved else '-'}”."
    )


def _deterministic_guids(ctx, forum: Forum) -> None:
    """Sessions get a random UUID; the demo's are drawn from its seed (before the first version,
    after which a session's guid never changes), so that the same day gives the same data."""
    sessions = list(Session.objects.filter(forum=forum).order_by("pk"))
    for session in sessions:
        session.guid = uuid.UUID(int=ctx.rng.getrandbits(128), version=4)
    Session.objects.bulk_update(sessions, ["guid"])


def _date_rows(ctx, forum, run, first, second, step_started) -> None:
    """The demo's rows carry the demo's clock, not the machine's, so that the same day gives the
    same data: the run and version 1 a week before the demo's moment, version 2 a day before."""
    week, day = ctx.now - dt.timedelta(days=7), ctx.now - dt.timedelta(days=1)
    ScheduleRun.objects.filter(pk=run.pk).update(
        created_at=week,
        finished_at=week,
        applied_at=week,
        seconds_to_first=None,
        seconds_total=None,
    )
    DraftPlacement.objects.filter(session__forum=forum).update(updated_at=week)
    ProgrammeVersion.objects.filter(pk=first.pk).update(published_at=week)
    ProgrammeVersion.objects.filter(pk=second.pk).update(published_at=day)
    mails = QueuedMail.objects.filter(forum=forum, created_at__gte=step_started)
    mail_ids = list(mails.values_list("pk", flat=True))
    mails.update(created_at=day)
    # In embedded mode the outbox sends on commit; the mails are dated like the rest of the demo.
    transaction.on_commit(
        lambda: QueuedMail.objects.filter(pk__in=mail_ids, sent_at__isnull=False).update(
            sent_at=F("created_at")
        )
    )


def _organised_sessions(ctx, forum: Forum, secretariat: User, count: int) -> None:
    """The opening and closing, pinned in the largest room, and main sessions up to ten."""
    room = forum.rooms.order_by("-capacity", "pk").first()
    session_type, _created = SessionType.objects.get_or_create(
        forum=forum,
        code="ceremony",
        defaults={"name": "Ceremony", "allowed_durations": [60, 90], "min_speakers": 0},
    )
    dates = programme_dates(forum)
    tz = forum.tzinfo
    pinned = [
        ("Opening ceremony", dt.datetime.combine(dates[0], DAY_STARTS, tzinfo=tz)),
        (
            "Closing ceremony",
            dt.datetime.combine(dates[-1], DAY_ENDS, tzinfo=tz) - dt.timedelta(minutes=90),
        ),
    ]
    for title, starts_at in pinned:
        session = programme_services.session_create_organised(
            forum=forum,
            session_type=session_type,
            title=title,
            duration=90,
            format="presentation",
            expected_audience=min(room.capacity, 1000),
        )
        programme_draft.draft_place(session=session, room=room, starts_at=starts_at, by=secretariat)
        programme_draft.session_pin(session=session, pinned=True, by=secretariat)
    topics = [
        "Digital cooperation and the Internet we want",
        "Artificial intelligence for everyone",
        "Connecting the next billion",
        "Human rights in the digital age",
        "Trust, security and safety online",
        "Data governance across borders",
        "Sustainable digital development",
        "Youth and the future of the Internet",
    ]
    for topic in topics[: max(0, MIN_SESSIONS - count - len(pinned))]:
        programme_services.session_create_organised(
            forum=forum,
            session_type=session_type,
            title=f"Main session: {topic}",
            duration=90,
            format="panel",
            expected_audience=300,
        )


def _pin_first_morning(ctx, forum: Forum, secretariat: User, sessions: list[Session]) -> None:
    """On the forum day the demo's moment falls in, sessions from the opening hour that have
    ended by that moment, so that the demo has past sessions to carry reports: the real GovStack
    session first (it carries its real post-session report), then the shortest others, one in
    each room other than the opening's that is free until the live sessions start, in the
    smallest room their format and audience fit, with no person in two of them."""
    first_day = programme_dates(forum)[0]
    if ctx.now.astimezone(forum.tzinfo).date() != first_day:
        return
    starts_at = dt.datetime.combine(first_day, DAY_STARTS, tzinfo=forum.tzinfo)
    pinned_later = DraftPlacement.objects.filter(
        session__forum=forum, session__is_pinned=True, starts_at__gt=starts_at
    ).values_list("starts_at", flat=True)
    until = min([ctx.now, *pinned_later])
    opening_room = forum.rooms.order_by("-capacity", "pk").first()
    taken = set(
        DraftPlacement.objects.filter(
            session__forum=forum, starts_at__lt=until, room__isnull=False
        ).values_list("room_id", flat=True)
    )
    free = [
        r
        for r in forum.rooms.order_by("capacity", "pk")
        if r.pk != opening_room.pk and r.pk not in taken
    ]
    people = {sid: facts.people for sid, facts in schedule_facts(forum, sessions).sessions.items()}
    placed_ids = set(
        DraftPlacement.objects.filter(session__forum=forum, room__isnull=False).values_list(
            "session_id", flat=True
        )
    )
    candidates = sorted(
        (s for s in sessions if s.pk not in placed_ids),
        key=lambda s: (s.title != records.GOVSTACK_TITLE, s.duration, s.pk),
    )
    busy: set[str] = set()
    for session in candidates:
        ends_at = starts_at + dt.timedelta(minutes=session.duration)
        if ends_at > until or people.get(session.pk, frozenset()) & busy:
            continue
        room = next(
            (
                r
                for r in free
                if layout_fits(session.format, r.layout)
                and r.capacity >= (session.expected_audience or 0)
            ),
            None,
        )
        if room is None:
            continue
        programme_draft.draft_place(session=session, room=room, starts_at=starts_at, by=secretariat)
        programme_draft.session_pin(session=session, pinned=True, by=secretariat)
        busy |= people.get(session.pk, frozenset())
        free.remove(room)
        if not free:
            break


def _move_one(forum: Forum, secretariat: User) -> Session | None:
    """Move the first session that can go to a later slot without any warning."""
    facts = schedule_facts(forum)
    placements = draft_placements(forum)
    for sid in sorted(placements):
        p = placements[sid]
        if not p.placed or facts.sessions[sid].pinned:
            continue
        for day in facts.days:
            for at in day.starts():
                if at <= p.starts_at:
                    continue
                end = at + dt.timedelta(minutes=facts.sessions[sid].duration)
                trial = {**placements, sid: Placement(p.room_id, at, end)}
                if not [w for w in placement_warnings(facts, trial) if w.session_id == sid]:
                    session = Session.objects.get(pk=sid)
                    programme_draft.draft_place(
                        session=session, room=session.draft.room, starts_at=at, by=secretariat
                    )
                    return session
    return None
