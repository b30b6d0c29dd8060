"""The demo step of registration: each forum's registration settings, then registrations,
decisions, check-ins and seats.

Registrations and check-ins are thousands of rows: they are built in memory with the services'
own pure helpers (:func:`registering.apply_submission`, ``apply_decision``,
``apply_cancellation``, :func:`badges.checkin_day`), with the services' checks that can fail
here (the window is open, the venue's cap, the badge admits its holder) and written with
``bulk_create``. What the services do besides is left out on purpose: no mail (the demo asks for
none), no row locks (nothing runs beside the demo), no account checks (the demo's accounts are
active), no signed badge code (it is not stored: a check-in names its registration). Seats are
few and go through the services (their waitlist order and counts).

The ``igf`` size holds about 9,000 registrations (IGF 2025 had 8,833, 3,435 badges collected);
the small one a few of each status. Every demo account and every person of the core step gets
an approved registration in the live IGF, so that they keep taking part in its live rooms; the
other statuses go to people this step adds. Its own random generator leaves the later steps'
draws (``ctx.rng``) as they were.
"""

from __future__ import annotations

import datetime as dt
import random

from forum import regions
from forum.demo import DemoContext
from forum.models import RegionalGroup, StakeholderGroup, User
from registration.models import CheckIn, Gender, Registration, RegistrationSettings
from registration.rules import forget_registrations, window_state
from registration.services import badges, capacity, registering
from sessions.models import Session

NOTICE = (
    "The forum's secretariat keeps your registration to run the forum and to publish counts of "
    "who took part (never your name, unless you choose to be listed). You can download or "
    "delete your data at any time from your account."
)
#: (extra people, onsite share of the core step's people, press people) by size.
FIGURES = {"small": (14, 0.4, 3), "igf": (7000, 0.45, 300)}
GENDER_WEIGHTS = [
    (Gender.WOMAN, 44),
    (Gender.MAN, 46),
    (Gender.NON_BINARY, 2),
    (Gender.PREFER_NOT_TO_SAY, 5),
    ("", 3),
]


def _at(ctx: DemoContext, offset: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(
        ctx.today + dt.timedelta(days=offset), dt.time(hour, minute), tzinfo=dt.UTC
    )


def _settings(ctx: DemoContext, forum, *, opens: int, onsite_closes: int, online_closes: int):
    return RegistrationSettings.objects.create(
        forum=forum,
        onsite_opens_at=_at(ctx, opens),
        onsite_closes_at=_at(ctx, onsite_closes),
        online_opens_at=_at(ctx, opens),
        online_closes_at=_at(ctx, online_closes, 23, 59),
        press_opens_at=_at(ctx, opens),
        press_closes_at=_at(ctx, onsite_closes + 7),
        onsite_cap=10000 if ctx.size.name == "igf" else 40,
        privacy_notice_version=f"{forum.start_date.year}-1",
        privacy_notice=NOTICE,
    )


def _extra_people(ctx: DemoContext, rng: random.Random, count: int) -> list[User]:
    """People who registered without taking part in anything else; made in bulk, with the
    regional group each one's profile gives by the one rule (forum.regions)."""
    groups = list(StakeholderGroup.objects.order_by("position").values_list("pk", "code"))
    region_ids = dict(RegionalGroup.objects.values_list("code", "pk"))
    pool = ctx.countries or regions.UN_COUNTRIES
    users = []
    for n in range(count):
        group_id, group_code = groups[rng.randrange(len(groups))]
        country = pool[rng.randrange(len(pool))]
        code = regions.regional_group_code_for(stakeholder_group=group_code, country=country)
        users.append(
            User(
                email=f"registrant{n + 1}@demo.example",
                name=f"Registrant {n + 1}",
                organisation=f"Organisation {n % 400 + 1}",
                stakeholder_group_id=group_id,
                country=country,
                regional_group_id=region_ids.get(code) if code else None,
                password=ctx.password_hash,
                date_joined=ctx.epoch,
            )
        )
    return User.objects.bulk_create(users, batch_size=1000)


def _details(rng: random.Random) -> dict:
    gender = rng.choices([g for g, _w in GENDER_WEIGHTS], [w for _g, w in GENDER_WEIGHTS])[0]
    return {
        "gender": gender,
        "first_time": rng.random() < 0.35,
        "accessibility_needs": "Real-time captions" if rng.random() < 0.03 else "",
        "public_listing": rng.random() < 0.1,
    }


def seed(ctx: DemoContext) -> None:
    forum = ctx.igf
    rng = random.Random(f"plenaria-registration-{ctx.size.name}")
    secretariat = ctx.accounts["secretariat@demo.example"]
    _settings(ctx, forum, opens=-200, onsite_closes=-14, online_closes=3)
    if ctx.wsis is not None:
        _settings(ctx, ctx.wsis, opens=-10, onsite_closes=45, online_closes=64)
    extra_count, onsite_share, press_count = FIGURES[ctx.size.name]
    regulars = sorted(ctx.accounts.values(), key=lambda u: u.email) + [
        p for p in ctx.people if p.email not in ctx.accounts
    ]
    extra = _extra_people(ctx, rng, extra_count)
    span = 185  # registrations arrive from 200 to 15 days before the demo's day

    settings_row = RegistrationSettings.objects.get(forum=forum)
    made: list[Registration] = []
    active_onsite = 0  # the onsite registrations holding a place, for the venue's cap

    def submit(user, attendance, index, total, **extra_details):
        nonlocal active_onsite
        when = _at(ctx, -200) + dt.timedelta(minutes=int(span * 24 * 60 * index / max(total, 1)))
        details = registering.registration_details({**_details(rng), **extra_details})
        if window_state(settings_row=settings_row, attendance=attendance, now=when) != "open":
            raise ValueError(f"The demo registers {attendance} outside its window ({when}).")
        if attendance == Registration.Attendance.ONSITE:
            if registering.onsite_is_full(settings_row=settings_row, active_onsite=active_onsite):
                raise ValueError("The demo's onsite registrations exceed the venue's cap.")
            active_onsite += 1
        registration = Registration(forum=forum, user=user, created_at=when)
        made.append(registration)
        return registering.apply_submission(
            registration,
            attendance=attendance,
            settings_row=settings_row,
            details=details,
            now=when,
        )

    def cancel(registration, now):
        nonlocal active_onsite
        if registration.attendance == Registration.Attendance.ONSITE:
            active_onsite -= 1
        return registering.apply_cancellation(registration, now=now)

    total = len(regulars) + len(extra)
    at_venue = []
    # Everyone of the core step is approved: the live rooms' participants stay registered.
    for index, user in enumerate(regulars):
        onsite = user.email == "participant1@demo.example" or rng.random() < onsite_share
        registration = submit(
            user,
            "onsite" if onsite else "online",
            index,
            total,
            via_hub=not onsite and rng.random() < 0.15,
        )
        if onsite:
            registration = registering.apply_decision(
                registration,
                by=secretariat,
                approve=True,
                reason="",
                now=registration.created_at + dt.timedelta(days=2),
            )
            at_venue.append(registration)
    # The added people: press, onsite awaiting a decision or declined, cancelled, online.
    statuses = {"pending": 0, "rejected": 0, "cancelled": 0}
    for offset, user in enumerate(extra):
        index = len(regulars) + offset
        if offset < press_count:
            registration = submit(user, "press", index, total)
            if offset % 6 != 0:  # a sixth still waits
                registration = _decide(registration, secretariat, approve=offset % 10 != 1)
                if registration.status == Registration.Status.APPROVED:
                    at_venue.append(registration)
            continue
        # One in twenty each waits, is declined or cancels; seven are approved onsite; the
        # other half register online (one in sixty of them cancels).
        step = (offset - press_count) % 20
        if step < 10:
            registration = submit(user, "onsite", index, total)
            if step == 0:
                statuses["pending"] += 1
            elif step == 1:
                _decide(registration, secretariat, approve=False)
                active_onsite -= 1  # a declined registration holds no place
                statuses["rejected"] += 1
            else:
                registration = _decide(registration, secretariat, approve=True)
                if step == 2:
                    cancel(registration, registration.decided_at)
                    statuses["cancelled"] += 1
                else:
                    at_venue.append(registration)
        else:
            registration = submit(user, "online", index, total, via_hub=rng.random() < 0.12)
            if (offset - press_count) % 60 == 19:
                cancel(registration, registration.created_at)
    Registration.objects.bulk_create(made, batch_size=1000)
    for registration in made:
        forget_registrations(registration.user)
    checked = _check_ins(ctx, rng, forum, at_venue)
    _seats(ctx, rng, forum, regulars)
    ctx.log(
        f"  {Registration.objects.filter(forum=forum).count()} registrations "
        f"({statuses['pending']} waiting, {statuses['rejected']} declined), {checked} badges collected"
    )


def _decide(registration, secretariat, *, approve: bool):
    return registering.apply_decision(
        registration,
        by=secretariat,
        approve=approve,
        reason="" if approve else "The venue's onsite places are taken; please join online.",
        now=registration.created_at + dt.timedelta(days=3),
    )


def _check_ins(ctx: DemoContext, rng: random.Random, forum, at_venue: list) -> int:
    """About four in five badges collected over the forum's first days up to the demo's
    moment; many people come back on a second day."""
    desk = ctx.accounts["secretariat@demo.example"]
    days = [d for d in forum.days if d <= ctx.today]
    if not days:
        return 0
    collected = 0
    checkins = []
    for n, registration in enumerate(at_venue):
        if rng.random() > 0.8 and registration.user.email != "participant1@demo.example":
            continue
        if not badges.admitted_at_venue(registration):
            raise ValueError(f"The demo checks in a badge that does not admit: {registration}.")
        first = rng.randrange(len(days))
        for day in days[first : first + 2]:
            moment = dt.datetime.combine(day, dt.time(8, 0), tzinfo=forum.tzinfo) + dt.timedelta(
                seconds=(n * 7) % 10800
            )
            if moment > ctx.now:
                break
            checkins.append(
                CheckIn(
                    registration=registration,
                    day=badges.checkin_day(forum=forum, now=moment),
                    checked_in_at=moment,
                    by=desk,
                )
            )
        collected += 1
    CheckIn.objects.bulk_create(checkins, batch_size=1000)
    return collected


def _seats(ctx: DemoContext, rng: random.Random, forum, people: list) -> None:
    """A few day-0 and small-room sessions take sign-ups: one full with a waitlist."""
    sessions = list(Session.objects.filter(forum=forum).order_by("pk")[:3])
    now = ctx.now
    for index, session in enumerate(sessions):
        seats = [20, 40, 10][index] if ctx.size.name == "igf" else [3, 6, 2][index]
        capacity.capacity_set(session=session, seats=seats)
        wanted = seats + (seats // 2 if index == 0 else -1)
        for n, user in enumerate(rng.sample(people, min(len(people), wanted))):
            capacity.seat_signup(
                session=session, by=user, now=now - dt.timedelta(days=10, minutes=-n)
            )
