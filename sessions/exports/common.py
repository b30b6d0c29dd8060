"""What the exports share: days of the programme, stable identifiers, durations, addresses."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.utils.text import slugify

from sessions.selectors.public_programme import Entry, Programme

#: The earliest start and latest end a programme day announces when its sessions fit inside.
DAY_STARTS = dt.time(9, 0)
DAY_ENDS = dt.time(18, 0)
TIMESLOT = "00:15"
GENERATOR = "Plenaria"


@dataclass
class ExportDay:
    index: int
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    #: (room id, room name, entries of that room on that day)
    rooms: list[tuple[int, str, list[Entry]]]


def export_days(forum, programme: Programme) -> list[ExportDay]:
    """Every forum day (and any other day a session is on), numbered from 1, in the forum's
    zone, each with its rooms in the programme's room order."""
    zone = forum.tzinfo
    by_day: dict[dt.date, list[Entry]] = {d: [] for d in forum.days}
    for e in programme.entries:
        by_day.setdefault(e.starts_at.astimezone(zone).date(), []).append(e)
    days = []
    for index, (date, entries) in enumerate(sorted(by_day.items()), start=1):
        start = dt.datetime.combine(date, DAY_STARTS, tzinfo=zone)
        end = dt.datetime.combine(date, DAY_ENDS, tzinfo=zone)
        if entries:
            start = min(start, *(e.starts_at.astimezone(zone) for e in entries))
            end = max(end, *(e.ends_at.astimezone(zone) for e in entries))
        rooms = [
            (room_id, name, [e for e in entries if e.room_id == room_id])
            for room_id, name in programme.rooms
        ]
        days.append(ExportDay(index, date, start, end, [r for r in rooms if r[2]]))
    return days


def duration(minutes: int) -> str:
    """HH:MM, as every frab reader expects."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def room_guid(forum, room_id: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"plenaria:forum:{forum.pk}:room:{room_id}"))


def event_slug(forum, entry: Entry) -> str:
    tail = slugify(entry.title)[:50].strip("-_")
    return f"{forum.acronym}-{entry.id:04d}" + (f"-{tail}" if tail else "")


def session_url(base_url: str, forum, entry: Entry) -> str:
    return f"{base_url}/forums/{forum.slug}/sessions/{entry.id}/"


def iso(value: dt.datetime, zone) -> str:
    return value.astimezone(zone).isoformat()
