"""The programme as frab ``schedule.json`` (c3voc ``schema.json``)."""

from __future__ import annotations

import json

from sessions.exports.common import (
    GENERATOR,
    TIMESLOT,
    duration,
    event_slug,
    export_days,
    iso,
    room_guid,
    session_url,
)
from sessions.exports.frab_xml import event_title
from sessions.selectors.public_programme import Entry, Programme

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"


def _event(forum, entry: Entry, base_url: str) -> dict:
    zone = forum.tzinfo
    return {
        "guid": entry.guid,
        "id": entry.id,
        "date": iso(entry.starts_at, zone),
        "start": entry.starts_at.astimezone(zone).strftime("%H:%M"),
        "end": iso(entry.ends_at, zone),
        "duration": duration(entry.duration_minutes),
        "room": entry.room,
        "slug": event_slug(forum, entry),
        "url": session_url(base_url, forum, entry),
        "title": event_title(entry),
        "subtitle": entry.format or None,
        "track": entry.theme or None,
        "type": entry.session_type,
        "language": entry.language,
        "abstract": entry.description,
        "description": "\n".join(entry.policy_questions) or None,
        "do_not_stream": not entry.online,
        "persons": [{"id": p.id, "public_name": p.name} for p in entry.people],
        "links": [],
    }


def schedule_json(*, forum, programme: Programme, base_url: str) -> bytes:
    days = export_days(forum, programme)
    document = {
        "$schema": SCHEMA_URL,
        "generator": {"name": GENERATOR, "version": "1"},
        "schedule": {
            "version": str(programme.version),
            "base_url": f"{base_url}/forums/{forum.slug}/",
            "conference": {
                "acronym": forum.acronym,
                "title": forum.name,
                "start": forum.start_date.isoformat(),
                "end": forum.end_date.isoformat(),
                "daysCount": len(days),
                "timeslot_duration": TIMESLOT,
                "time_zone_name": forum.timezone,
                "url": f"{base_url}/forums/{forum.slug}/programme/",
                "tracks": [{"name": name} for _id, name in programme.themes],
                "rooms": [
                    {"name": name, "guid": room_guid(forum, room_id)}
                    for room_id, name in programme.rooms
                ],
                "days": [
                    {
                        "index": day.index,
                        "date": day.date.isoformat(),
                        "day_start": day.start.isoformat(),
                        "day_end": day.end.isoformat(),
                        "rooms": {
                            name: [_event(forum, e, base_url) for e in entries]
                            for _room_id, name, entries in day.rooms
                        },
                    }
                    for day in days
                ],
            },
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()
