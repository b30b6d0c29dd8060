"""The programme as frab/pentabarf ``schedule.xml`` (c3voc ``schedule.xml.xsd``).

Readers (Giggity, ConfClerk, EventFahrplan, Engelsystem) sniff the first kilobyte for
``<schedule>`` and ``<conference>``, so both come first and the tracks come last in the
conference. Cancelled sessions stay in, titled as cancelled.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - we only write XML here, never parse it

from django.utils.translation import gettext as _

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
from sessions.selectors.public_programme import Entry, Programme


def _text(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def event_title(entry: Entry) -> str:
    return f"{_('Cancelled')}: {entry.title}" if entry.is_cancelled else entry.title


def _event(parent: ET.Element, forum, entry: Entry, base_url: str) -> None:
    zone = forum.tzinfo
    event = ET.SubElement(parent, "event", {"guid": entry.guid, "id": str(entry.id)})
    _text(event, "room", entry.room)
    _text(event, "title", event_title(entry))
    _text(event, "subtitle", _("Cancelled") if entry.is_cancelled else entry.format)
    _text(event, "type", entry.session_type)
    _text(event, "date", iso(entry.starts_at, zone))
    _text(event, "start", entry.starts_at.astimezone(zone).strftime("%H:%M"))
    _text(event, "duration", duration(entry.duration_minutes))
    _text(event, "abstract", entry.description)
    _text(event, "slug", event_slug(forum, entry))
    _text(event, "track", entry.theme)
    _text(event, "language", entry.language)
    persons = ET.SubElement(event, "persons")
    for person in entry.people:
        _text(persons, "person", person.name, id=str(person.id))
    _text(event, "description", "\n".join(entry.policy_questions))
    ET.SubElement(event, "links")
    _text(event, "url", session_url(base_url, forum, entry))


def schedule_xml(*, forum, programme: Programme, base_url: str) -> bytes:
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", {"name": GENERATOR, "version": "1"})
    _text(root, "url", f"{base_url}/forums/{forum.slug}/schedule.xml")
    _text(root, "version", str(programme.version))
    conference = ET.SubElement(root, "conference")
    _text(conference, "acronym", forum.acronym)
    _text(conference, "title", forum.name)
    _text(conference, "start", forum.start_date.isoformat())
    _text(conference, "end", forum.end_date.isoformat())
    days = export_days(forum, programme)
    _text(conference, "days", str(len(days)))
    _text(conference, "timeslot_duration", TIMESLOT)
    _text(conference, "base_url", f"{base_url}/forums/{forum.slug}/")
    _text(conference, "time_zone_name", forum.timezone)
    for _id, name in programme.themes:
        _text(conference, "track", name, name=name)
    for day in days:
        day_el = ET.SubElement(
            root,
            "day",
            {
                "index": str(day.index),
                "date": day.date.isoformat(),
                "start": day.start.isoformat(),
                "end": day.end.isoformat(),
            },
        )
        for room_id, name, entries in day.rooms:
            room_el = ET.SubElement(
                day_el, "room", {"name": name, "guid": room_guid(forum, room_id)}
            )
            for entry in entries:
                _event(room_el, forum, entry, base_url)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
