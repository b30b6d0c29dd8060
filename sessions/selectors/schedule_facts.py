"""What the programme's placements must respect, as plain data, and the one check of a placement.

:class:`ScheduleFacts` holds everything a schedule is judged by (the grid, breaks, rooms and their
availability, each session's people, audience and format, people's declared unavailability); the
selectors build it from the database (:func:`sessions.selectors.schedule.schedule_facts`), the
scheduler turns it into a CP-SAT model, and :func:`placement_warnings` is the single rule that
says what is wrong with a placement: the editor, its JSON endpoint, the no-JavaScript form and the
benchmark's independent check all ask it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from forum import regions
from forum.models import Room

#: The room layouts each session format can be held in (a format missing here fits any room).
FORMAT_LAYOUTS: dict[str, frozenset[str]] = {
    "roundtable": frozenset({"roundtable", "boardroom", "open"}),
    "panel": frozenset({"theatre", "auditorium", "classroom"}),
    "bof": frozenset({"roundtable", "boardroom", "open", "classroom"}),
    "breakout": frozenset({"roundtable", "open", "classroom"}),
    "debate": frozenset({"theatre", "auditorium", "roundtable"}),
    "fishbowl": frozenset({"open", "roundtable"}),
    "presentation": frozenset({"theatre", "auditorium", "classroom", "open"}),
    "townhall": frozenset({"theatre", "auditorium"}),
}

#: A representative UTC offset (hours) of each regional group, for "hours friendly to a region".
REGION_UTC_OFFSET: dict[str, int] = {
    regions.AFRICAN: 1,
    regions.ASIA_PACIFIC: 7,
    regions.EASTERN_EUROPEAN: 2,
    regions.GRULAC: -4,
    regions.WEOG: 0,
}
#: Local hours [from, until) in which an online audience can follow a session.
FRIENDLY_LOCAL_HOURS = (8, 20)


def layout_label(layout: str) -> str:
    try:
        return str(Room.Layout(layout).label).lower()
    except ValueError:
        return layout


def layout_fits(session_format: str, layout: str) -> bool:
    """Whether a room of ``layout`` suits a session of ``session_format``."""
    allowed = FORMAT_LAYOUTS.get(session_format or "")
    return allowed is None or layout in allowed


@dataclass(frozen=True)
class Period:
    starts_at: dt.datetime
    ends_at: dt.datetime
    label: str = ""

    def overlaps(self, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
        return self.starts_at < ends_at and starts_at < self.ends_at

    def contains(self, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
        return self.starts_at <= starts_at and ends_at <= self.ends_at


@dataclass(frozen=True)
class DayGrid:
    date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    slot_minutes: int

    def starts(self) -> list[dt.datetime]:
        step = dt.timedelta(minutes=self.slot_minutes)
        out, at = [], self.starts_at
        while at < self.ends_at:
            out.append(at)
            at += step
        return out


@dataclass(frozen=True)
class RoomFacts:
    id: int
    name: str
    capacity: int
    layout: str
    #: When the room can be used; empty: the whole grid.
    available: tuple[Period, ...] = ()
    blocked: tuple[Period, ...] = ()


@dataclass(frozen=True)
class SessionFacts:
    id: int
    title: str
    duration: int
    format: str = ""
    expected_audience: int = 0
    subtheme_id: int | None = None
    #: Canonical keys of the people in it (see :func:`person_clusters`).
    people: frozenset[str] = frozenset()
    pinned: bool = False
    popularity: int = 0
    #: Regional group codes of its online audience when mostly online, else empty.
    online_regions: tuple[str, ...] = ()


@dataclass
class ScheduleFacts:
    days: list[DayGrid]
    rooms: dict[int, RoomFacts]
    sessions: dict[int, SessionFacts]
    breaks: list[Period] = field(default_factory=list)
    #: Person key -> the periods they cannot take part in.
    unavailable: dict[str, list[Period]] = field(default_factory=dict)
    #: Person key -> name to show.
    person_names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Placement:
    room_id: int | None
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    cancelled: bool = False

    @property
    def placed(self) -> bool:
        return bool(self.room_id and self.starts_at and self.ends_at and not self.cancelled)


@dataclass(frozen=True)
class Warning:
    session_id: int
    #: person | room_taken | capacity | layout | grid | break | room_unavailable | unavailable
    kind: str
    message: str


def person_clusters(rows: list[tuple[int | None, str, str]]) -> tuple[dict, dict[str, str]]:
    """Group people named by account or by address: ``rows`` are ``(user_id, email, name)``.

    Returns a function-like dict from each raw key (``u:<id>``, ``e:<address>``) to the key of its
    person, and each person's name: two rows are one person when they share an account or an
    address (an account's own address included, when the caller passes it as a row)."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    names: dict[str, str] = {}
    for user_id, email, name in rows:
        keys = [
            k
            for k in (f"u:{user_id}" if user_id else "", f"e:{email.lower()}" if email else "")
            if k
        ]
        for key in keys:
            find(key)
        for other in keys[1:]:
            a, b = find(keys[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
        if keys and name:
            names.setdefault(keys[0], name)
    root_of = {key: find(key) for key in list(parent)}
    person_names: dict[str, str] = {}
    for key, name in names.items():
        person_names.setdefault(root_of[key], name)
    return root_of, person_names


def friendly_period(day: DayGrid, regions_: tuple[str, ...]) -> Period | None:
    """The part of a day friendly to every region of an online audience, or None if none is."""
    if not regions_:
        return None
    midnight_utc = dt.datetime.combine(day.date, dt.time(0), tzinfo=dt.UTC)
    start = max(
        midnight_utc + dt.timedelta(hours=FRIENDLY_LOCAL_HOURS[0] - REGION_UTC_OFFSET[r])
        for r in regions_
    )
    end = min(
        midnight_utc + dt.timedelta(hours=FRIENDLY_LOCAL_HOURS[1] - REGION_UTC_OFFSET[r])
        for r in regions_
    )
    return Period(start, end) if start < end else None


def placement_warnings(facts: ScheduleFacts, placements: dict[int, Placement]) -> list[Warning]:
    """Every problem of the placed sessions in ``placements``, by session, in a stable order."""
    found: list[Warning] = []
    placed = {sid: p for sid, p in placements.items() if p.placed and sid in facts.sessions}
    by_person: dict[str, list[int]] = defaultdict(list)
    by_room: dict[int, list[int]] = defaultdict(list)
    for sid, p in placed.items():
        by_room[p.room_id].append(sid)
        for person in facts.sessions[sid].people:
            by_person[person].append(sid)

    def overlap(a: int, b: int) -> bool:
        pa, pb = placed[a], placed[b]
        return pa.starts_at < pb.ends_at and pb.starts_at < pa.ends_at

    for sid in sorted(placed, key=lambda s: (placed[s].starts_at, s)):
        p, s = placed[sid], facts.sessions[sid]
        room = facts.rooms.get(p.room_id)

        def add(kind: str, message: str, sid: int = sid) -> None:
            found.append(Warning(sid, kind, message))

        for person in sorted(s.people):
            for other in by_person[person]:
                if other != sid and overlap(sid, other):
                    add(
                        "person",
                        _("%(person)s is also in “%(other)s” at the same time.")
                        % {
                            "person": facts.person_names.get(person, person),
                            "other": facts.sessions[other].title,
                        },
                    )
        for other in by_room[p.room_id]:
            if other != sid and overlap(sid, other):
                add(
                    "room_taken",
                    _("%(room)s is also given to “%(other)s” at the same time.")
                    % {"room": room.name if room else "?", "other": facts.sessions[other].title},
                )
        if room is None:
            continue
        if room.capacity < s.expected_audience:
            add(
                "capacity",
                _("%(room)s seats %(capacity)s; %(audience)s people are expected.")
                % {"room": room.name, "capacity": room.capacity, "audience": s.expected_audience},
            )
        if not layout_fits(s.format, room.layout):
            add(
                "layout",
                _("%(room)s has a %(layout)s layout, which does not suit this session's format.")
                % {"room": room.name, "layout": layout_label(room.layout)},
            )
        if not any(d.starts_at <= p.starts_at and p.ends_at <= d.ends_at for d in facts.days):
            add("grid", _("The session is outside the forum's programme hours."))
        for period in facts.breaks:
            if period.overlaps(p.starts_at, p.ends_at):
                add("break", _("The session overlaps “%(label)s”.") % {"label": period.label})
        for period in room.blocked:
            if period.overlaps(p.starts_at, p.ends_at):
                add(
                    "room_unavailable",
                    _("%(room)s is blocked then (%(label)s).")
                    % {"room": room.name, "label": period.label},
                )
        if room.available and not any(a.contains(p.starts_at, p.ends_at) for a in room.available):
            add("room_unavailable", _("%(room)s is not available then.") % {"room": room.name})
        for person in sorted(s.people):
            if any(u.overlaps(p.starts_at, p.ends_at) for u in facts.unavailable.get(person, ())):
                add(
                    "unavailable",
                    _("%(person)s declared they cannot take part then.")
                    % {"person": facts.person_names.get(person, person)},
                )
    return found


def hard_conflicts(facts: ScheduleFacts, placements: dict[int, Placement]) -> list[Warning]:
    """The warnings that break a hard rule of the programme (all of them are hard today; kept as a
    name so that the scheduler's tests and the benchmark say what they check)."""
    return placement_warnings(facts, placements)
