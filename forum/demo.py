"""The demo forum: a deterministic IGF and WSIS Forum built through the platform's own services.

``python manage.py seed_demo --size small|igf [--today YYYY-MM-DD]`` runs the registered steps
(:func:`steps`) in the order data flows (forum -> proposals -> review -> ...). The forum app knows
none of the later apps' steps: each app registers its own with :func:`register_step` in its
``AppConfig.ready``, with an ``order`` that places it in the flow. A step receives the
:class:`DemoContext` and draws every random choice from ``ctx.rng``, so the same size gives the
same data.

Every date is placed relative to the demo's day (``ctx.today``, ``ctx.now``), so that each
workflow can be tried on any day: the IGF's forum days are live now, the WSIS Forum is in review
now with work left for the MAG, and the next IGF's call for proposals is open now. The random
draws do not depend on the day, so the same size gives the same figures on every day.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_countries import countries

from forum import regions, services
from forum.demo_data import (
    FAMILY_NAMES,
    GENDERS,
    GIVEN_NAMES,
    IGF_THEMES,
    IGO_ORGANISATIONS,
    ROOM_NAMES,
    WSIS_THEMES,
)
from forum.models import Forum, ForumPhase, ForumRole, StakeholderGroup, User

DEFAULT_PASSWORD = "plenaria-demo"  # noqa: S105 - the documented demo password

#: The core step comes first; the apps' steps follow by their ``order`` (10, 20, ... in data-flow
#: order), ties broken by path, so that the steps, and so the data, are the same on every run.
CORE_STEP = "forum.demo.seed_core"
_STEPS: dict[str, int] = {}


def register_step(path: str, *, order: int) -> None:
    """Run the demo step at dotted ``path`` (a function taking the :class:`DemoContext`)."""
    if order <= 0:
        raise ValueError("Order 0 and below belong to the forum's core step.")
    _STEPS[path] = order


def steps() -> list[str]:
    """Dotted paths of every step, in the order they run."""
    return [CORE_STEP, *sorted(_STEPS, key=lambda path: (_STEPS[path], path))]


DEMO_ACCOUNTS: list[tuple[str, str]] = [
    ("secretariat@demo.example", "the secretariat of the three demo forums"),
    ("mag1@demo.example", "a MAG member of the IGF and the WSIS Forum"),
    ("organizer1@demo.example", "a session organizer"),
    ("participant1@demo.example", "a participant"),
    ("hub1@demo.example", "a remote hub coordinator"),
    ("captioner@demo.example", "a real-time captioner"),
]


@dataclass(frozen=True)
class Size:
    name: str
    people: int
    countries: int
    mag_members: int
    rooms: int
    subthemes_per_theme: int
    # Later apps read their own figures from here.
    proposals: int = 0
    accepted_sessions: int = 0
    hubs: int = 0


SIZES: dict[str, Size] = {
    "small": Size(
        name="small",
        people=60,
        countries=20,
        mag_members=6,
        rooms=4,
        subthemes_per_theme=1,
        proposals=24,
        accepted_sessions=12,
        hubs=4,
    ),
    "igf": Size(
        name="igf",
        people=2000,
        countries=150,
        mag_members=50,
        rooms=14,
        subthemes_per_theme=2,
        proposals=700,
        accepted_sessions=300,
        hubs=50,
    ),
}


@dataclass
class DemoContext:
    size: Size
    password: str
    rng: random.Random
    log: Callable[[str], None]
    password_hash: str = ""
    #: The demo's day and moment: every phase is placed relative to them.
    today: dt.date = dt.date(2026, 12, 8)
    now: dt.datetime = dt.datetime(2026, 12, 8, 10, 0, tzinfo=dt.UTC)
    #: The forum whose forum days are live now (the IGF), the one in review now (the WSIS Forum)
    #: and the one whose call for proposals is open now (the next IGF).
    igf: Forum | None = None
    wsis: Forum | None = None
    igf_next: Forum | None = None
    accounts: dict[str, User] = field(default_factory=dict)
    people: list[User] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)

    @property
    def epoch(self) -> dt.datetime:
        """The moment the demo's accounts were "created": 330 days before the demo's day."""
        return self.at(-330, 9)

    def day(self, offset: int) -> dt.date:
        """The date ``offset`` days from the demo's day."""
        return self.today + dt.timedelta(days=offset)

    def at(self, offset: int, hour: int = 9, minute: int = 0) -> dt.datetime:
        """``hour:minute`` UTC on the date ``offset`` days from the demo's day."""
        return dt.datetime.combine(self.day(offset), dt.time(hour, minute), tzinfo=dt.UTC)


#: The time zone of the demo's forums; "today" is the day there.
DEMO_TIMEZONE = "Europe/Zurich"
#: On a given ``--today``, the demo's moment is this time of day in the forums' zone.
DEMO_TIME_OF_DAY = dt.time(11, 0)
#: The blocks of a programme day in the forums' zone (09:00-18:00 with a lunch break, the grid
#: the programme's demo step sets): sessions can be running now only inside one of them.
DEMO_PROGRAMME_BLOCKS = ((dt.time(9, 0), dt.time(13, 0)), (dt.time(14, 0), dt.time(18, 0)))
#: How far inside a block the demo's moment must be for sessions to be running around it.
_MARGIN = dt.timedelta(minutes=30)


def _within_programme_hours(moment: dt.datetime) -> dt.datetime:
    """``moment`` if it lies well inside a programme block, else the nearest moment of that day
    that does (the demo loaded at night shows the forum as it is in the day)."""
    best = None
    for first, last in DEMO_PROGRAMME_BLOCKS:
        low = dt.datetime.combine(moment.date(), first, tzinfo=moment.tzinfo) + _MARGIN
        high = dt.datetime.combine(moment.date(), last, tzinfo=moment.tzinfo) - _MARGIN
        candidate = min(max(moment, low), high)
        if best is None or abs(candidate - moment) < abs(best - moment):
            best = candidate
    return best


def demo_clock(today: dt.date | None = None) -> tuple[dt.date, dt.datetime]:
    """The demo's day and moment: by default the real ones (to the minute, moved into the
    programme's hours if need be); on a given day, that day at :data:`DEMO_TIME_OF_DAY` in the
    forums' zone, so that the same day gives the same data."""
    zone = zoneinfo.ZoneInfo(DEMO_TIMEZONE)
    if today is None:
        real = timezone.now().astimezone(zone).replace(second=0, microsecond=0)
        moment = _within_programme_hours(real)
        return moment.date(), moment.astimezone(dt.UTC)
    moment = dt.datetime.combine(today, DEMO_TIME_OF_DAY, tzinfo=zone)
    return today, moment.astimezone(dt.UTC)


def build(
    *,
    size: str,
    password: str = DEFAULT_PASSWORD,
    log: Callable[[str], None] = print,
    today: dt.date | None = None,
):
    """Build the demo forums around ``today`` (default: the real today). Raises ``ValueError``
    if they exist already."""
    if size not in SIZES:
        raise ValueError(f"Unknown size {size!r}; choose one of {', '.join(SIZES)}.")
    if Forum.objects.filter(slug__in=[IGF_SLUG, WSIS_SLUG, IGF_NEXT_SLUG]).exists():
        raise ValueError("The demo forums exist already: start from an empty database.")
    day, now = demo_clock(today)
    ctx = DemoContext(
        size=SIZES[size],
        password=password,
        rng=random.Random(f"plenaria-{size}"),
        log=log,
        today=day,
        now=now,
    )
    # One hash for every demo account: hashing thousands of passwords would take minutes.
    ctx.password_hash = make_password(password)
    for step in steps():
        with transaction.atomic():
            import_string(step)(ctx)
    return ctx


# --- The core step: forums, people, roles --------------------------------------------------------

IGF_SLUG = "igf-2026"
WSIS_SLUG = "wsis-forum-2026"
IGF_NEXT_SLUG = "igf-2027"


def _organisation(rng: random.Random, group: str, country: str) -> str:
    country_name = countries.name(country) or country
    if group == StakeholderGroup.GOVERNMENT:
        return rng.choice(
            [
                f"Ministry of ICT of {country_name}",
                f"Ministry of Foreign Affairs of {country_name}",
                f"National Regulatory Authority of {country_name}",
            ]
        )
    if group == StakeholderGroup.INTERGOVERNMENTAL:
        return rng.choice(IGO_ORGANISATIONS)
    if group == StakeholderGroup.CIVIL_SOCIETY:
        return rng.choice(
            [
                f"{country_name} Digital Rights Network",
                f"Open Internet Foundation {country_name}",
                f"Youth IGF {country_name}",
                f"Women in Tech {country_name}",
            ]
        )
    if group == StakeholderGroup.TECHNICAL:
        return rng.choice(
            [
                f"Internet Society {country_name} Chapter",
                f"{country_name} Network Information Centre",
                f"University of {country_name}",
            ]
        )
    if group == StakeholderGroup.PRIVATE_SECTOR:
        return rng.choice(
            [f"{country_name} Telecom", f"{country_name} Cloud Services", "Global Data Systems"]
        )
    return rng.choice([f"{country_name} Tribune", "Global Tech Press", f"{country_name} Radio"])


def _person(rng: random.Random, index: int, email: str, countries_pool: list[str], group: str):
    country = countries_pool[index % len(countries_pool)]
    name = f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
    return services.PersonData(
        email=email,
        name=name,
        organisation=_organisation(rng, group, country),
        stakeholder_group=group,
        country=country,
        gender=rng.choice(GENDERS),
    )


#: Each forum's phases as (first, last) day offsets from the demo's day: the IGF's forum days
#: are live now (Day 0 was yesterday), the WSIS Forum is in review now, the next IGF's call is open.
#: The IGF's spans are those of the IGF 2026 calendar (call 2 March - 30 April, review 4 May -
#: 26 June, forum 7 - 11 December): on --today 2026-12-08 its dates are that calendar's.
IGF_PHASES = {
    ForumPhase.Kind.CALL_FOR_PROPOSALS: (-281, -222),
    ForumPhase.Kind.REVIEW: (-218, -165),
    ForumPhase.Kind.PROGRAMME: (-98, -2),
    ForumPhase.Kind.LIVE: (-1, 3),
    ForumPhase.Kind.REPORTING: (4, 54),
}
WSIS_PHASES = {
    ForumPhase.Kind.CALL_FOR_PROPOSALS: (-75, -15),
    ForumPhase.Kind.REVIEW: (-12, 10),
    ForumPhase.Kind.PROGRAMME: (20, 59),
    ForumPhase.Kind.LIVE: (60, 64),
    ForumPhase.Kind.REPORTING: (65, 140),
}
IGF_NEXT_PHASES = {
    ForumPhase.Kind.CALL_FOR_PROPOSALS: (-20, 40),
    ForumPhase.Kind.REVIEW: (44, 100),
    ForumPhase.Kind.PROGRAMME: (140, 199),
    ForumPhase.Kind.LIVE: (200, 204),
    ForumPhase.Kind.REPORTING: (205, 260),
}


def _phases(ctx: DemoContext, table) -> dict[str, tuple[dt.date, dt.date]]:
    return {kind: (ctx.day(first), ctx.day(last)) for kind, (first, last) in table.items()}


def seed_core(ctx: DemoContext) -> None:
    size, rng = ctx.size, ctx.rng
    igf_themes = [
        services.ThemeData(name=theme, subthemes=tuple(subs[: size.subthemes_per_theme]))
        for theme, subs in IGF_THEMES
    ]
    igf_phases = _phases(ctx, IGF_PHASES)
    ctx.igf = services.forum_create(
        name="IGF 2026",
        slug=IGF_SLUG,
        acronym="igf2026",
        kind=Forum.Kind.IGF,
        start_date=igf_phases[ForumPhase.Kind.LIVE][0],
        end_date=igf_phases[ForumPhase.Kind.LIVE][1],
        timezone=DEMO_TIMEZONE,
        venue="Palexpo",
        city="Geneva",
        country="CH",
        theme="Building digital governance together",
        description=(
            "The annual Internet Governance Forum: a Day 0 followed by four forum days, with "
            "workshops, open forums, town halls, lightning talks and main sessions, hybrid "
            "throughout and followed from remote hubs around the world."
        ),
        phases=igf_phases,
        themes=igf_themes,
        rooms=[
            services.RoomData(
                name=name,
                capacity=capacity,
                layout=layout,
                has_webcast=True,
                has_captioning=index < 12,
            )
            for index, (name, capacity, layout) in enumerate(ROOM_NAMES[: size.rooms])
        ],
    )
    wsis_phases = _phases(ctx, WSIS_PHASES)
    ctx.wsis = services.forum_create(
        name="WSIS Forum 2026",
        slug=WSIS_SLUG,
        acronym="wsis2026",
        kind=Forum.Kind.WSIS,
        start_date=wsis_phases[ForumPhase.Kind.LIVE][0],
        end_date=wsis_phases[ForumPhase.Kind.LIVE][1],
        timezone=DEMO_TIMEZONE,
        venue="International Conference Centre Geneva",
        city="Geneva",
        country="CH",
        theme="WSIS+20: connecting the world for sustainable development",
        phases=wsis_phases,
        themes=[
            services.ThemeData(name=theme, subthemes=tuple(subs)) for theme, subs in WSIS_THEMES
        ],
        rooms=[
            services.RoomData(name=name, capacity=capacity, layout=layout)
            for name, capacity, layout in ROOM_NAMES[: max(3, size.rooms // 3)]
        ],
    )
    next_phases = _phases(ctx, IGF_NEXT_PHASES)
    ctx.igf_next = services.forum_create(
        name="IGF 2027",
        slug=IGF_NEXT_SLUG,
        acronym="igf2027",
        kind=Forum.Kind.IGF,
        start_date=next_phases[ForumPhase.Kind.LIVE][0],
        end_date=next_phases[ForumPhase.Kind.LIVE][1],
        timezone=DEMO_TIMEZONE,
        venue="Palexpo",
        city="Geneva",
        country="CH",
        theme="Building digital governance together",
        description="The next Internet Governance Forum: its call for session proposals is open.",
        phases=next_phases,
        themes=igf_themes,
        rooms=[
            services.RoomData(name=name, capacity=capacity, layout=layout)
            for name, capacity, layout in ROOM_NAMES[: max(3, size.rooms // 2)]
        ],
    )

    ctx.countries = sorted(rng.sample(regions.UN_COUNTRIES, size.countries))
    groups = [code for code, _ in _stakeholder_groups()]
    named = [
        ("secretariat@demo.example", "Secretariat Demo", StakeholderGroup.INTERGOVERNMENTAL, "CH"),
        ("mag1@demo.example", "Mag Member One", StakeholderGroup.CIVIL_SOCIETY, "KE"),
        ("organizer1@demo.example", "Organizer One", StakeholderGroup.TECHNICAL, "BR"),
        ("participant1@demo.example", "Participant One", StakeholderGroup.PRIVATE_SECTOR, "IN"),
        ("hub1@demo.example", "Hub Coordinator One", StakeholderGroup.CIVIL_SOCIETY, "NG"),
        ("captioner@demo.example", "Captioner Demo", StakeholderGroup.PRIVATE_SECTOR, "GB"),
    ]
    people_data = [
        services.PersonData(
            email=email,
            name=name,
            organisation=_organisation(rng, group, country),
            stakeholder_group=group,
            country=country,
            gender=rng.choice(GENDERS),
        )
        for email, name, group, country in named
    ]
    # MAG members 2..n spread over stakeholder groups (no press) and countries.
    mag_groups = [g for g in groups if g != StakeholderGroup.PRESS]
    for number in range(2, size.mag_members + 1):
        people_data.append(
            _person(
                rng,
                number * 7,
                f"mag{number}@demo.example",
                ctx.countries,
                mag_groups[number % len(mag_groups)],
            )
        )
    for number in range(1, size.people + 1):
        people_data.append(
            _person(
                rng,
                number,
                f"person{number}@demo.example",
                ctx.countries,
                groups[rng.randrange(len(groups))],
            )
        )
    users = services.people_create(
        people=people_data, password_hash=ctx.password_hash, joined_at=ctx.epoch
    )
    by_email = {user.email: user for user in users}
    ctx.accounts = {email: by_email[email] for email, _ in DEMO_ACCOUNTS}
    ctx.people = [user for user in users if user.email.startswith("person")]

    for forum in (ctx.igf, ctx.wsis, ctx.igf_next):
        services.role_grant(
            forum=forum,
            user=ctx.accounts["secretariat@demo.example"],
            role=ForumRole.Role.SECRETARIAT,
        )
        services.role_grant(
            forum=forum, user=ctx.accounts["captioner@demo.example"], role=ForumRole.Role.CAPTIONER
        )
    for number in range(1, size.mag_members + 1):
        services.role_grant(
            forum=ctx.igf,
            user=by_email[f"mag{number}@demo.example"],
            role=ForumRole.Role.MAG_MEMBER,
        )
    services.role_grant(
        forum=ctx.igf, user=ctx.accounts["hub1@demo.example"], role=ForumRole.Role.HUB_COORDINATOR
    )
    ctx.log(
        f"Forums around {ctx.today.isoformat()}: {ctx.igf.name} live ({size.rooms} rooms, "
        f"{len(ctx.igf.days)} days), {ctx.wsis.name} in review, {ctx.igf_next.name} with its call "
        f"open; "
        f"{len(users)} people from {len(ctx.countries)} countries; {size.mag_members} MAG members."
    )


def _stakeholder_groups() -> list[tuple[str, str]]:
    return list(StakeholderGroup.objects.order_by("position").values_list("code", "name"))
