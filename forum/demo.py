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

from forum.models import Forum, User

DEFAULT_PASSWORD = "plenaria-demo"  # noqa: S105 - the documented demo password

#: The core step comes first; the apps' steps follow by their ``order`` (10, 20, ... in data-flow
#: order), ties broken by path, so that the steps, and so the data, are the same on every run.
CORE_STEP = "forum.demo_core.seed_core"
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
