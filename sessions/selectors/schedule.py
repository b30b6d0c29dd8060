"""Reads of the secretariat's programme: the facts a schedule is judged by, the draft, its warnings.

The published programme is on :class:`~sessions.models.Session` (room, starts_at, ends_at,
is_cancelled); the draft the secretariat edits is :class:`~sessions.models.DraftPlacement`, and a
session without a draft row is drafted where it is published.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count

from forum import regions
from forum.models import Forum, Room, User
from sessions.models import (
    BlockedPeriod,
    DraftPlacement,
    PersonUnavailability,
    ProgrammeDay,
    ProposalOrganizer,
    ProposalPerson,
    RoomAvailability,
    Session,
)
from sessions.selectors.schedule_facts import (
    DayGrid,
    Period,
    Placement,
    RoomFacts,
    ScheduleFacts,
    SessionFacts,
    Warning,
    person_clusters,
    placement_warnings,
)

#: The people a session cannot be without: organizers (separately), speakers and moderators.
SCHEDULED_ROLES = (
    ProposalPerson.Role.SPEAKER,
    ProposalPerson.Role.ONSITE_MODERATOR,
    ProposalPerson.Role.ONLINE_MODERATOR,
)

DEFAULT_DAY = (dt.time(9, 0), dt.time(18, 0), 15)


def programme_sessions(forum: Forum):
    """The sessions the programme places: every session of the forum (cancelled ones included)."""
    return Session.objects.filter(forum=forum).order_by("pk")


def programme_days(forum: Forum) -> list[DayGrid]:
    """The forum's grid: its programme days, or every forum day 09:00-18:00 when none is set."""
    tz = forum.tzinfo
    rows = list(ProgrammeDay.objects.filter(forum=forum).order_by("date"))
    if not rows:
        rows = [
            ProgrammeDay(
                forum=forum,
                date=day,
                starts_at=DEFAULT_DAY[0],
                ends_at=DEFAULT_DAY[1],
                slot_minutes=DEFAULT_DAY[2],
            )
            for day in forum.days
        ]
    return [
        DayGrid(
            date=row.date,
            starts_at=dt.datetime.combine(row.date, _time(row.starts_at), tzinfo=tz),
            ends_at=dt.datetime.combine(row.date, _time(row.ends_at), tzinfo=tz),
            slot_minutes=row.slot_minutes,
        )
        for row in rows
    ]


def _time(value) -> dt.time:
    return dt.time.fromisoformat(value) if isinstance(value, str) else value


def schedule_facts(forum: Forum, sessions: list[Session] | None = None) -> ScheduleFacts:
    """Everything a schedule of ``forum`` is judged by, in a fixed number of queries."""
    if sessions is None:
        sessions = list(programme_sessions(forum))
    session_ids = [s.pk for s in sessions]
    proposal_of = {s.pk: s.proposal_id for s in sessions if s.proposal_id}

    rows: list[tuple[int | None, str, str]] = []
    raw_people: dict[int, list[tuple[int | None, str]]] = defaultdict(list)
    online: dict[int, list[str | None]] = defaultdict(list)
    total: Counter = Counter()
    session_of_proposal = {pid: sid for sid, pid in proposal_of.items()}
    people = ProposalPerson.objects.filter(
        proposal_id__in=proposal_of.values(), role__in=SCHEDULED_ROLES
    ).exclude(confirmation=ProposalPerson.Confirmation.DECLINED)
    for proposal_id, user_id, email, name, participation, country in people.values_list(
        "proposal_id", "user_id", "email", "name", "participation", "country"
    ):
        sid = session_of_proposal[proposal_id]
        rows.append((user_id, email or "", name))
        raw_people[sid].append((user_id, email or ""))
        total[sid] += 1
        if participation == ProposalPerson.Participation.ONLINE:
            online[sid].append(regions.regional_group_code(country))
    for proposal_id, user_id, email, name in ProposalOrganizer.objects.filter(
        proposal_id__in=proposal_of.values()
    ).values_list("proposal_id", "user_id", "email", "name"):
        sid = session_of_proposal[proposal_id]
        rows.append((user_id, email or "", name))
        raw_people[sid].append((user_id, email or ""))
    for sid, user_id in Session.moderators.through.objects.filter(
        session_id__in=session_ids
    ).values_list("session_id", "user_id"):
        raw_people[sid].append((user_id, ""))
    user_ids = {u for rows_ in raw_people.values() for u, _e in rows_ if u}
    unavailability = list(PersonUnavailability.objects.filter(forum=forum))
    user_ids |= {u.user_id for u in unavailability if u.user_id}
    for pk, email, name in User.objects.filter(pk__in=user_ids).values_list("pk", "email", "name"):
        rows.append((pk, email or "", name))
    for u in unavailability:
        rows.append((u.user_id, u.email, ""))
    root_of, person_names = person_clusters(rows)

    def key(user_id: int | None, email: str) -> str:
        raw = f"u:{user_id}" if user_id else f"e:{email.lower()}"
        return root_of.get(raw, raw)

    popularity = dict(
        Session.objects.filter(pk__in=session_ids)
        .annotate(n=Count("bookmarks"))
        .values_list("pk", "n")
    )
    facts_sessions = {}
    for s in sessions:
        keys = frozenset(key(u, e) for u, e in raw_people[s.pk] if u or e)
        mostly_online = total[s.pk] and len(online[s.pk]) * 2 > total[s.pk]
        online_regions = ()
        if mostly_online:
            counts = Counter(r for r in online[s.pk] if r and r != regions.INTERGOVERNMENTAL)
            online_regions = tuple(sorted(r for r, _n in counts.most_common(1)))
        facts_sessions[s.pk] = SessionFacts(
            id=s.pk,
            title=s.title,
            duration=s.duration,
            format=s.format,
            expected_audience=s.expected_audience,
            subtheme_id=s.subtheme_id,
            people=keys,
            pinned=s.is_pinned,
            popularity=popularity.get(s.pk, 0),
            online_regions=online_regions,
        )

    available: dict[int, list[Period]] = defaultdict(list)
    for a in RoomAvailability.objects.filter(room__forum=forum):
        available[a.room_id].append(Period(a.starts_at, a.ends_at))
    breaks, blocked = [], defaultdict(list)
    for b in BlockedPeriod.objects.filter(forum=forum):
        (blocked[b.room_id] if b.room_id else breaks).append(
            Period(b.starts_at, b.ends_at, b.label)
        )
    rooms = {
        r.pk: RoomFacts(
            id=r.pk,
            name=r.name,
            capacity=r.capacity,
            layout=r.layout,
            available=tuple(available[r.pk]),
            blocked=tuple(blocked[r.pk]),
        )
        for r in Room.objects.filter(forum=forum).order_by("position", "name")
    }
    unavailable: dict[str, list[Period]] = defaultdict(list)
    for u in unavailability:
        unavailable[key(u.user_id, u.email)].append(Period(u.starts_at, u.ends_at, u.note))
    return ScheduleFacts(
        days=programme_days(forum),
        rooms=rooms,
        sessions=facts_sessions,
        breaks=breaks,
        unavailable=dict(unavailable),
        person_names=person_names,
    )


def draft_placements(forum: Forum) -> dict[int, Placement]:
    """Each session's draft placement (its published one while it has no draft row)."""
    drafts = {d.session_id: d for d in DraftPlacement.objects.filter(session__forum=forum)}
    out = {}
    for s in programme_sessions(forum).only(
        "pk", "room_id", "starts_at", "ends_at", "is_cancelled"
    ):
        d = drafts.get(s.pk)
        out[s.pk] = (
            Placement(d.room_id, d.starts_at, d.ends_at, d.cancelled)
            if d
            else Placement(s.room_id, s.starts_at, s.ends_at, s.is_cancelled)
        )
    return out


def draft_warnings(forum: Forum) -> tuple[ScheduleFacts, dict[int, Placement], list[Warning]]:
    """The draft of ``forum`` with every warning it has."""
    facts = schedule_facts(forum)
    placements = draft_placements(forum)
    return facts, placements, placement_warnings(facts, placements)
