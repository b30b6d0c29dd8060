"""The demo forum: a deterministic IGF and WSIS Forum built through the platform's own services.

``python manage.py seed_demo --size small|igf`` runs the registered steps (:func:`steps`) in the
order data flows (forum -> proposals -> review -> ...). The forum app knows none of the later
apps' steps: each app registers its own with :func:`register_step` in its ``AppConfig.ready``, with
an ``order`` that places it in the flow. A step receives the :class:`DemoContext` and draws every
random choice from ``ctx.rng``, so the same size gives the same data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.module_loading import import_string
from django_countries import countries

from forum import regions, services
from forum.models import Forum, ForumPhase, ForumRole, Room, StakeholderGroup, User

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
    ("secretariat@demo.example", "the secretariat of both demo forums"),
    ("mag1@demo.example", "a MAG member of the IGF"),
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
    igf: Forum | None = None
    wsis: Forum | None = None
    accounts: dict[str, User] = field(default_factory=dict)
    people: list[User] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)


def build(*, size: str, password: str = DEFAULT_PASSWORD, log: Callable[[str], None] = print):
    """Build the demo forums. Raises ``ValueError`` if they exist already."""
    if size not in SIZES:
        raise ValueError(f"Unknown size {size!r}; choose one of {', '.join(SIZES)}.")
    if Forum.objects.filter(slug__in=[IGF_SLUG, WSIS_SLUG]).exists():
        raise ValueError("The demo forums exist already: start from an empty database.")
    ctx = DemoContext(
        size=SIZES[size], password=password, rng=random.Random(f"plenaria-{size}"), log=log
    )
    # One hash for every demo account: hashing thousands of passwords would take minutes.
    ctx.password_hash = make_password(password)
    for step in steps():
        with transaction.atomic():
            import_string(step)(ctx)
    return ctx


# --- The core step: forums, people, roles --------------------------------------------------------

IGF_SLUG = "igf-2026"
#: The moment the demo's accounts were "created"; fixed so that the data is the same every run.
DEMO_EPOCH = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
WSIS_SLUG = "wsis-forum-2026"

IGF_THEMES = [
    (
        "Harnessing innovation and balancing risks in the digital space",
        ["Artificial intelligence governance", "Cybersecurity, trust and safety"],
    ),
    (
        "Enhancing the digital contribution to sustainable development",
        ["Universal and meaningful connectivity", "Digital public infrastructure"],
    ),
    (
        "Advancing human rights and inclusion in the digital age",
        ["Human rights online", "Digital inclusion and accessibility"],
    ),
    (
        "Improving digital governance for the Internet we want",
        ["Internet fragmentation", "Global digital cooperation and WSIS+20"],
    ),
]

WSIS_THEMES = [
    ("WSIS Action Lines for achieving the SDGs", ["Action line facilitation"]),
    ("Digital transformation for all", ["WSIS+20 review"]),
]

ROOM_NAMES = [
    ("Plenary Hall", 1500, Room.Layout.THEATRE),
    ("Main Auditorium", 800, Room.Layout.AUDITORIUM),
    ("Workshop Room 1", 120, Room.Layout.ROUNDTABLE),
    ("Workshop Room 2", 120, Room.Layout.ROUNDTABLE),
    ("Workshop Room 3", 100, Room.Layout.CLASSROOM),
    ("Workshop Room 4", 100, Room.Layout.CLASSROOM),
    ("Workshop Room 5", 80, Room.Layout.BOARDROOM),
    ("Open Forum Room A", 150, Room.Layout.THEATRE),
    ("Open Forum Room B", 150, Room.Layout.THEATRE),
    ("Town Hall Room", 200, Room.Layout.THEATRE),
    ("Lightning Talk Stage", 60, Room.Layout.OPEN_SPACE),
    ("Networking Lounge", 80, Room.Layout.OPEN_SPACE),
    ("Launch and Awards Room", 120, Room.Layout.THEATRE),
    ("NRI Room", 90, Room.Layout.ROUNDTABLE),
]

GIVEN_NAMES = [
    "Amina",
    "Kwame",
    "Chidi",
    "Fatou",
    "Thabo",
    "Zanele",
    "Yusuf",
    "Leila",
    "Omar",
    "Nour",
    "Priya",
    "Arjun",
    "Mei",
    "Hiroshi",
    "Siti",
    "Nguyen",
    "Farida",
    "Tenzin",
    "Ana",
    "Luis",
    "Camila",
    "Mateo",
    "Valentina",
    "Diego",
    "Olga",
    "Ivan",
    "Katarzyna",
    "Mihai",
    "Elif",
    "Jonas",
    "Sofia",
    "Pierre",
    "Ingrid",
    "Liam",
    "Aroha",
    "Malia",
    "Kofi",
    "Aisha",
    "Rania",
    "Tomas",
    "Marta",
    "Ravi",
    "Ayesha",
    "Bolat",
    "Dilnoza",
    "Sione",
    "Keala",
    "Nadia",
    "Hugo",
    "Emeka",
]
FAMILY_NAMES = [
    "Mensah",
    "Okafor",
    "Diallo",
    "Ndlovu",
    "Abebe",
    "Haddad",
    "Farouk",
    "Rahman",
    "Sharma",
    "Patel",
    "Chen",
    "Tanaka",
    "Wijaya",
    "Tran",
    "Santos",
    "García",
    "Rodríguez",
    "Silva",
    "Petrov",
    "Kowalska",
    "Popescu",
    "Yılmaz",
    "Müller",
    "Dubois",
    "Larsen",
    "O'Brien",
    "Ngata",
    "Tuilagi",
    "Boateng",
    "Kamau",
    "Mwangi",
    "Karimova",
    "Nurlanov",
    "Fonoti",
    "Kahale",
    "Jensen",
    "Novak",
    "Horvat",
    "Almeida",
    "Rossi",
    "Lindqvist",
    "Cohen",
    "Kaya",
    "Ito",
    "Park",
    "Gupta",
    "Osei",
    "Moreau",
    "Ibrahim",
    "Suleiman",
]
GENDERS = ["woman", "man", "woman", "man", "woman", "man", "non-binary", ""]

IGO_ORGANISATIONS = [
    "International Telecommunication Union",
    "UNESCO",
    "UNDP",
    "UNCTAD",
    "UN DESA",
    "OECD",
    "Council of Europe",
    "African Union Commission",
    "UN ESCAP",
    "UN ECLAC",
    "World Bank",
    "UNICEF",
]


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


def seed_core(ctx: DemoContext) -> None:
    size, rng = ctx.size, ctx.rng
    igf_days = dt.date(2026, 12, 7), dt.date(2026, 12, 11)
    ctx.igf = services.forum_create(
        name="IGF 2026",
        slug=IGF_SLUG,
        acronym="igf2026",
        kind=Forum.Kind.IGF,
        start_date=igf_days[0],
        end_date=igf_days[1],
        timezone="Europe/Zurich",
        venue="Palexpo",
        city="Geneva",
        country="CH",
        theme="Building digital governance together",
        description=(
            "The annual Internet Governance Forum: a Day 0 followed by four forum days, with "
            "workshops, open forums, town halls, lightning talks and main sessions, hybrid "
            "throughout and followed from remote hubs around the world."
        ),
        phases={
            ForumPhase.Kind.CALL_FOR_PROPOSALS: (dt.date(2026, 3, 2), dt.date(2026, 4, 30)),
            ForumPhase.Kind.REVIEW: (dt.date(2026, 5, 4), dt.date(2026, 6, 26)),
            ForumPhase.Kind.PROGRAMME: (dt.date(2026, 9, 1), dt.date(2026, 12, 6)),
            ForumPhase.Kind.LIVE: igf_days,
            ForumPhase.Kind.REPORTING: (dt.date(2026, 12, 12), dt.date(2027, 1, 31)),
        },
        themes=[
            services.ThemeData(name=theme, subthemes=tuple(subs[: size.subthemes_per_theme]))
            for theme, subs in IGF_THEMES
        ],
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
    wsis_days = dt.date(2026, 7, 6), dt.date(2026, 7, 10)
    ctx.wsis = services.forum_create(
        name="WSIS Forum 2026",
        slug=WSIS_SLUG,
        acronym="wsis2026",
        kind=Forum.Kind.WSIS,
        start_date=wsis_days[0],
        end_date=wsis_days[1],
        timezone="Europe/Zurich",
        venue="International Conference Centre Geneva",
        city="Geneva",
        country="CH",
        theme="WSIS+20: connecting the world for sustainable development",
        phases={
            ForumPhase.Kind.CALL_FOR_PROPOSALS: (dt.date(2026, 1, 12), dt.date(2026, 3, 13)),
            ForumPhase.Kind.REVIEW: (dt.date(2026, 3, 16), dt.date(2026, 4, 17)),
            ForumPhase.Kind.PROGRAMME: (dt.date(2026, 5, 4), dt.date(2026, 7, 5)),
            ForumPhase.Kind.LIVE: wsis_days,
            ForumPhase.Kind.REPORTING: (dt.date(2026, 7, 11), dt.date(2026, 9, 30)),
        },
        themes=[
            services.ThemeData(name=theme, subthemes=tuple(subs)) for theme, subs in WSIS_THEMES
        ],
        rooms=[
            services.RoomData(name=name, capacity=capacity, layout=layout)
            for name, capacity, layout in ROOM_NAMES[: max(3, size.rooms // 3)]
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
        people=people_data, password_hash=ctx.password_hash, joined_at=DEMO_EPOCH
    )
    by_email = {user.email: user for user in users}
    ctx.accounts = {email: by_email[email] for email, _ in DEMO_ACCOUNTS}
    ctx.people = [user for user in users if user.email.startswith("person")]

    for forum in (ctx.igf, ctx.wsis):
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
        f"Forums: {ctx.igf.name} ({size.rooms} rooms, {len(ctx.igf.days)} days) and {ctx.wsis.name}; "
        f"{len(users)} people from {len(ctx.countries)} countries; {size.mag_members} MAG members."
    )


def _stakeholder_groups() -> list[tuple[str, str]]:
    return list(StakeholderGroup.objects.order_by("position").values_list("code", "name"))
