"""The programme as iCalendar (RFC 5545) through the icalendar library: the whole programme, one
session, or a person's bookmarked sessions.

Each session's UID is its ``guid`` (it never changes across versions), SEQUENCE is the
session's ``sequence`` (raised by publishing when its time or room changes), DTSTAMP is when the
version was published, times carry the forum's TZID with its VTIMEZONE, and cancelled sessions
stay in with STATUS:CANCELLED.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from sessions.exports.common import session_url
from sessions.selectors.public_programme import Entry, Programme

PRODID = "-//Plenaria//Programme//EN"


def _event(forum, entry: Entry, programme: Programme, base_url: str) -> Event:
    zone = forum.tzinfo
    event = Event()
    event.add("uid", entry.guid)
    event.add("dtstamp", programme.published_at)
    event.add("dtstart", entry.starts_at.astimezone(zone))
    event.add("dtend", entry.ends_at.astimezone(zone))
    event.add("summary", entry.title)
    lines = [entry.description, *entry.policy_questions]
    if entry.organizers:
        lines.append(
            _("Organized by: %(names)s")
            % {"names": "; ".join(org or name for name, org in entry.organizers)}
        )
    if entry.people:
        lines.append(
            _("Speakers and moderators: %(people)s")
            % {
                "people": "; ".join(
                    f"{p.name} ({p.organisation})" if p.organisation else p.name
                    for p in entry.people
                )
            }
        )
    event.add("description", "\n\n".join(line for line in lines if line))
    location = ", ".join(part for part in (entry.room, forum.venue, forum.city) if part)
    event.add("location", location)
    event.add("url", session_url(base_url, forum, entry))
    event.add("sequence", entry.sequence)
    event.add("status", "CANCELLED" if entry.is_cancelled else "CONFIRMED")
    event.add("categories", [c for c in (entry.session_type, entry.theme) if c])
    return event


def calendar(
    *, forum, programme: Programme, entries: Iterable[Entry], base_url: str, name: str
) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", forum.timezone)
    for entry in entries:
        cal.add_component(_event(forum, entry, programme, base_url))
    cal.add_missing_timezones()
    return cal.to_ical()


def programme_ics(*, forum, programme: Programme, base_url: str) -> bytes:
    return calendar(
        forum=forum,
        programme=programme,
        entries=programme.entries,
        base_url=base_url,
        name=forum.name,
    )


def session_ics(*, forum, programme: Programme, entry: Entry, base_url: str) -> bytes:
    return calendar(
        forum=forum, programme=programme, entries=[entry], base_url=base_url, name=entry.title
    )
