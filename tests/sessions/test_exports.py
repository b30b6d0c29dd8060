"""The exports at their stable public addresses, each validated: schedule.xml against the c3voc
XSD, schedule.json against the c3voc JSON schema with format checks, the ICS files by a strict
iCalendar parse plus checks of their lines, zones, UIDs and sequences."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
import xml.etree.ElementTree as ET  # noqa: S405 - our own server's output
from pathlib import Path

import pytest
import xmlschema
from icalendar import Calendar
from jsonschema import Draft6Validator, FormatChecker

from tests.sessions.programme_helpers import publish, published_programme

pytestmark = pytest.mark.django_db

SCHEMAS = Path("/work/shared/schemas")
XSD = xmlschema.XMLSchema(str(SCHEMAS / "schedule.xml.xsd"))
JSON_SCHEMA = json.loads((SCHEMAS / "schema.json").read_text())


@pytest.fixture
def programme():
    p = published_programme(6)
    p.sessions[5].is_cancelled = True
    p.sessions[5].save()
    p.version = publish(p.forum)
    return p


def parse(body: bytes):
    return ET.fromstring(body)  # noqa: S314 - our own server's output, validated first


def get(client, p, path: str):
    response = client.get(f"/forums/{p.forum.slug}/{path}")
    assert response.status_code == 200, response.content[:500]
    return response


def test_schedule_xml_is_valid_and_readable_by_schedule_apps(client, programme):
    response = get(client, programme, "schedule.xml")
    body = response.content
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    XSD.validate(body.decode())  # raises on any violation
    head = body[:1024].decode()
    assert "<schedule>" in head and "<conference>" in head
    root = parse(body)
    days = root.findall("day")
    # Every forum day (2-6 December), numbered, with date, start and end in the forum's zone.
    assert [(d.get("index"), d.get("date")) for d in days] == [
        (str(i + 1), f"2030-12-0{i + 2}") for i in range(5)
    ]
    assert days[0].get("start") == "2030-12-02T09:00:00+01:00"
    assert days[0].get("end") == "2030-12-02T18:00:00+01:00"
    events = root.findall("day/room/event")
    assert len(events) == 6
    by_id = {int(e.get("id")): e for e in events}
    first = by_id[programme.sessions[0].pk]
    assert first.get("guid") == str(programme.sessions[0].guid)
    assert first.findtext("duration") == "01:00"
    assert first.findtext("start") == "09:00"
    assert first.findtext("date") == "2030-12-02T09:00:00+01:00"
    persons = first.findall("persons/person")
    assert [(p.text, bool(p.get("id"))) for p in persons] == [
        ("Speaker 0", True),
        ("Moderator Alpha", True),
    ]
    assert all(p.get("id") for p in root.iter("person"))
    cancelled = by_id[programme.sessions[5].pk]
    assert cancelled.findtext("title").startswith("Cancelled: ")
    assert root.findtext("conference/time_zone_name") == "Europe/Zurich"


def test_the_guid_never_changes_across_versions(client, programme):
    session = programme.sessions[0]
    before = parse(get(client, programme, "schedule.xml").content)
    before_version = int(before.findtext("version"))
    session.starts_at += dt.timedelta(hours=4)
    session.ends_at += dt.timedelta(hours=4)
    session.sequence = 1
    session.save()
    publish(programme.forum)
    after = parse(get(client, programme, "schedule.xml").content)

    def guid_of(root):
        return next(e.get("guid") for e in root.iter("event") if e.get("id") == str(session.pk))

    assert guid_of(before) == guid_of(after) == str(session.guid)
    assert after.findtext("version") == str(before_version + 1)


def test_schedule_json_is_valid_with_format_checks(client, programme):
    response = get(client, programme, "schedule.json")
    document = response.json()
    validator = Draft6Validator(JSON_SCHEMA, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert errors == []
    conference = document["schedule"]["conference"]
    assert conference["acronym"] == programme.forum.acronym
    assert conference["daysCount"] == 5
    events = [e for day in conference["days"] for room in day["rooms"].values() for e in room]
    assert len(events) == 6
    assert all(uuid.UUID(e["guid"]) for e in events)
    assert all(re.fullmatch(r"\d\d:\d\d", e["duration"]) for e in events)
    # The checker does check formats: a broken date is reported.
    conference["days"][0]["date"] = "2030-13-45"
    assert any(e.validator == "format" for e in validator.iter_errors(document))


def _strict_ics(body: bytes) -> Calendar:
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75, "lines are folded at 75 octets"
    calendar = Calendar.from_ical(body)
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    for event in calendar.walk("VEVENT"):
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "LOCATION", "SEQUENCE", "STATUS"):
            assert name in event, f"{name} missing"
        for name in ("DTSTART", "DTEND"):
            assert event[name].params["TZID"] in zones, "a VTIMEZONE for every TZID"
    return calendar


def test_the_programme_ics_parses_strictly(client, programme):
    session = programme.sessions[0]
    session.description = "Long text " * 40 + "é" * 30  # forces folding, multi-byte too
    session.save()
    publish(programme.forum)
    response = get(client, programme, "programme.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = _strict_ics(response.content)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Zurich"]
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {str(s.guid) for s in programme.sessions}
    first = events[str(session.guid)]
    assert first.decoded("DTSTART") == dt.datetime(2030, 12, 2, 9, 0, tzinfo=programme.forum.tzinfo)
    assert str(first["LOCATION"]) == "Plenary Hall, Palais des Nations, Geneva"
    assert str(first["STATUS"]) == "CONFIRMED"
    assert str(events[str(programme.sessions[5].guid)]["STATUS"]) == "CANCELLED"
    assert "é" * 30 in str(first["DESCRIPTION"])


def test_a_session_ics_keeps_its_uid_and_raises_its_sequence(client, programme):
    session = programme.sessions[0]
    path = f"sessions/{session.pk}.ics"
    event = _strict_ics(get(client, programme, path).content).walk("VEVENT")[0]
    assert (str(event["UID"]), event["SEQUENCE"]) == (str(session.guid), 0)
    session.starts_at += dt.timedelta(hours=1)
    session.ends_at += dt.timedelta(hours=1)
    session.sequence = 1  # what publishing does when a session moves
    session.save()
    publish(programme.forum)
    moved = _strict_ics(get(client, programme, path).content).walk("VEVENT")[0]
    assert (str(moved["UID"]), moved["SEQUENCE"]) == (str(session.guid), 1)
    assert moved.decoded("DTSTART").hour == 10
    assert client.get(f"/forums/{programme.forum.slug}/sessions/999999.ics").status_code == 404


@pytest.mark.parametrize("path", ["schedule.xml", "schedule.json", "programme.ics"])
def test_exports_are_cached_per_version_and_revalidate(
    client, programme, path, django_assert_num_queries
):
    first = get(client, programme, path)
    etag = first["ETag"]
    with django_assert_num_queries(2):  # the forum and its version; the body comes from the cache
        again = client.get(f"/forums/{programme.forum.slug}/{path}")
    assert again.content == first.content and again["ETag"] == etag
    assert (
        client.get(f"/forums/{programme.forum.slug}/{path}", HTTP_IF_NONE_MATCH=etag).status_code
        == 304
    )
    publish(programme.forum)
    assert (
        client.get(f"/forums/{programme.forum.slug}/{path}", HTTP_IF_NONE_MATCH=etag).status_code
        == 200
    )


@pytest.mark.parametrize("path", ["schedule.xml", "schedule.json", "programme.ics"])
def test_exports_keep_a_flat_query_count(client, path):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (5, 50):
        p = published_programme(n)
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            get(client, p, path)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_exports_of_hidden_forums_are_not_found(client):
    p = published_programme(1, is_public=False)
    for path in (
        "schedule.xml",
        "schedule.json",
        "programme.ics",
        f"sessions/{p.sessions[0].pk}.ics",
    ):
        assert client.get(f"/forums/{p.forum.slug}/{path}").status_code == 404


def test_through_the_publish_service_moves_raise_sequence_and_cancellations_stay(client):
    """The real path: the draft is placed and published by the scheduling side's services; the
    exports show only what is published."""
    from sessions.services.programme_draft import draft_cancel, draft_place
    from sessions.services.programme_publish import programme_publish

    p = published_programme(3, publish_version=False)
    sessions = p.sessions
    for s in sessions:  # start from an unplaced programme, as accepted proposals are
        s.room, s.starts_at, s.ends_at = None, None, None
        s.save()
    forum = p.forum
    for i, s in enumerate(sessions):
        start = dt.datetime(2030, 12, 2, 9 + i, 0, tzinfo=forum.tzinfo)
        draft_place(session=s, room=p.rooms[0], starts_at=start, by=None)
    assert client.get(f"/forums/{forum.slug}/programme.ics").status_code == 404  # draft only
    programme_publish(forum=forum, by=None)
    first = _strict_ics(get(client, p, "programme.ics").content)
    uids = {str(e["UID"]): e["SEQUENCE"] for e in first.walk("VEVENT")}
    assert uids == {str(s.guid): 0 for s in sessions}

    draft_place(
        session=sessions[0],
        room=p.rooms[1],
        starts_at=dt.datetime(2030, 12, 3, 14, 0, tzinfo=forum.tzinfo),
        by=None,
    )
    draft_cancel(session=sessions[1], cancelled=True, by=None)
    # Not published yet: the exports still show version 1.
    assert _strict_ics(get(client, p, "programme.ics").content).walk("VEVENT")[0]["SEQUENCE"] == 0
    programme_publish(forum=forum, by=None)
    events = {
        str(e["UID"]): e
        for e in _strict_ics(get(client, p, "programme.ics").content).walk("VEVENT")
    }
    moved, gone, kept = (events[str(s.guid)] for s in sessions)
    assert (moved["SEQUENCE"], str(moved["LOCATION"]).split(",")[0]) == (1, "Room B")
    assert moved.decoded("DTSTART") == dt.datetime(2030, 12, 3, 14, 0, tzinfo=forum.tzinfo)
    assert (str(gone["STATUS"]), gone["SEQUENCE"]) == ("CANCELLED", 1)
    assert (str(kept["STATUS"]), kept["SEQUENCE"]) == ("CONFIRMED", 0)
    xml = get(client, p, "schedule.xml").content
    XSD.validate(xml.decode())
    assert xml.count(b"<event ") == 3 and b"Cancelled: " in xml
