"""The public API: read-only for everyone, public forums and published sessions only, public
fields only, filtered and paginated, throttled for anonymous use, and an OpenAPI schema that
openapi-spec-validator accepts."""

from __future__ import annotations

import json

import pytest
import yaml
from django.test import override_settings
from openapi_spec_validator import validate

from tests.factories import UserFactory
from tests.sessions.programme_helpers import published_programme

pytestmark = pytest.mark.django_db


def test_forums_lists_public_ones_only(client):
    shown = published_programme(1)
    draft = published_programme(1, publish_version=False)
    published_programme(1, is_public=False)
    data = client.get("/api/v1/forums/").json()
    assert {f["slug"]: f["published"] for f in data["results"]} == {
        shown.forum.slug: True,
        draft.forum.slug: False,
    }
    assert client.get(f"/api/v1/forums/{shown.forum.slug}/").json()["timezone"] == "Europe/Zurich"


def test_sessions_are_published_ones_of_public_forums_with_public_fields(client):
    p = published_programme(3)
    published_programme(2, publish_version=False)
    published_programme(2, is_public=False)
    data = client.get("/api/v1/sessions/").json()
    assert data["count"] == 3
    first = data["results"][0]
    assert first["guid"] == str(p.sessions[0].guid)
    assert first["starts_at"] == "2030-12-02T08:00:00Z"  # the API speaks UTC
    assert first["room"] == {"id": p.rooms[0].pk, "name": "Plenary Hall"}
    assert [(x["name"], x["role"]) for x in first["people"]] == [
        ("Speaker 0", "speaker"),
        ("Moderator Alpha", "onsite_moderator"),
    ]
    text = json.dumps(data)
    assert "@example.org" not in text and "email" not in text and "gender" not in text


def test_sessions_filter_by_forum_day_room_theme_and_type(client):
    p = published_programme(4)
    other = published_programme(2)

    def ids(**params):
        return [s["id"] for s in client.get("/api/v1/sessions/", params).json()["results"]]

    assert sorted(ids(forum=p.forum.slug)) == sorted(s.pk for s in p.sessions)
    assert ids(forum=p.forum.slug, day="2030-12-03") == [p.sessions[1].pk, p.sessions[3].pk]
    assert ids(room=p.rooms[1].pk) == [p.sessions[1].pk, p.sessions[3].pk]
    assert sorted(ids(theme=p.subtheme.pk)) == [p.sessions[1].pk, p.sessions[3].pk]
    assert len(ids(type="workshop")) == 6 and ids(type="none") == []
    assert other.sessions[0].pk in ids(forum=other.forum.slug)
    assert client.get("/api/v1/sessions/", {"room": "x"}).status_code == 400
    assert client.get("/api/v1/sessions/", {"day": "someday"}).status_code == 400


def test_lists_are_paginated(client):
    published_programme(55)
    first = client.get("/api/v1/sessions/").json()
    assert (first["count"], len(first["results"])) == (55, 50)
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None


def test_speakers_rooms_and_versions(client):
    p = published_programme(2)
    speakers = client.get("/api/v1/speakers/", {"forum": p.forum.slug}).json()["results"]
    assert sorted(s["name"] for s in speakers) == [
        "Moderator Alpha",
        "Moderator Bravo",
        "Speaker 0",
        "Speaker 1",
    ]
    assert "email" not in speakers[0] and "gender" not in speakers[0]
    rooms = client.get("/api/v1/rooms/", {"forum": p.forum.slug}).json()["results"]
    assert [r["name"] for r in rooms] == ["Plenary Hall", "Room B"]
    versions = client.get("/api/v1/versions/", {"forum": p.forum.slug}).json()["results"]
    assert [(v["number"], v["changelog"]) for v in versions] == [
        (1, {"added": [], "moved": [], "cancelled": []})
    ]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nobody_writes_through_the_api(client, method):
    p = published_programme(1)
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    for url in ("/api/v1/sessions/", f"/api/v1/sessions/{p.sessions[0].pk}/"):
        response = getattr(client, method)(url, data="{}", content_type="application/json")
        assert response.status_code in {403, 405}
    p.sessions[0].refresh_from_db()
    assert p.sessions[0].title == "Session 0: digital cooperation"


def test_anonymous_use_is_throttled_per_address(client):
    published_programme(1)
    with override_settings(API_ANON_RATE="3/minute"):
        codes = [client.get("/api/v1/forums/").status_code for _ in range(4)]
        other = client.get("/api/v1/forums/", REMOTE_ADDR="10.1.2.3").status_code
    assert codes == [200, 200, 200, 429]
    assert other == 200


def test_the_openapi_schema_is_served_and_valid(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    assert {"/api/v1/sessions/", "/api/v1/forums/{slug}/", "/api/v1/speakers/"} <= set(
        schema["paths"]
    )
    params = {p["name"] for p in schema["paths"]["/api/v1/sessions/"]["get"]["parameters"]}
    assert {"forum", "day", "room", "theme", "type", "page"} <= params
    assert set(schema["paths"]["/api/v1/sessions/"]) == {"get"}


def test_the_session_list_keeps_a_flat_query_count(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (5, 50):
        p = published_programme(n)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/sessions/", {"forum": p.forum.slug}).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
