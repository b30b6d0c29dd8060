"""The draft programme editor: every warning a placement can have (one rule, asked by the page,
its JSON endpoint and the plain form), the endpoint and the form themselves, and who may use them."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from sessions.models import BlockedPeriod, DraftPlacement, PersonUnavailability, RoomAvailability
from sessions.selectors.schedule import draft_warnings
from sessions.services import programme_draft
from tests.factories import UserFactory
from tests.sessions.desk_helpers import (
    local,
    make_forum,
    make_rooms,
    make_secretariat,
    make_session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    forum = make_forum()
    small, hall = make_rooms(forum)
    secretariat = make_secretariat(forum)
    return forum, small, hall, secretariat


def kinds(forum, session) -> list[tuple[str, str]]:
    _facts, _placements, warnings = draft_warnings(forum)
    return [(w.kind, w.message) for w in warnings if w.session_id == session.pk]


def test_a_clean_placement_has_no_warning(desk):
    forum, small, hall, sec = desk
    s = make_session(forum, title="Connectivity", speaker_email="amina@example.org")
    programme_draft.draft_place(session=s, room=small, starts_at=local(forum, 0, 9), by=sec)
    assert kinds(forum, s) == []


def test_a_person_double_booked_by_account_or_email(desk):
    forum, small, hall, sec = desk
    a = make_session(forum, title="Connectivity", speaker_email="amina@example.org")
    b = make_session(forum, title="AI governance", speaker_email="AMINA@example.org")
    programme_draft.draft_place(session=a, room=small, starts_at=local(forum, 0, 9), by=sec)
    programme_draft.draft_place(session=b, room=hall, starts_at=local(forum, 0, 9, 30), by=sec)
    assert kinds(forum, a) == [("person", "Amina is also in “AI governance” at the same time.")]
    # The organizer of one speaks in the other, known by their account's address.
    c = make_session(forum, title="Data flows", speaker_email=a.proposal.created_by.email)
    programme_draft.draft_place(session=c, room=hall, starts_at=local(forum, 0, 11), by=sec)
    programme_draft.draft_place(session=a, room=small, starts_at=local(forum, 0, 11), by=sec)
    assert [k for k, _m in kinds(forum, c)] == ["person"]


def test_a_room_given_twice(desk):
    forum, small, hall, sec = desk
    a = make_session(forum, title="Connectivity")
    b = make_session(forum, title="AI governance")
    for s in (a, b):
        programme_draft.draft_place(session=s, room=small, starts_at=local(forum, 0, 9), by=sec)
    assert kinds(forum, a) == [
        ("room_taken", "Workshop Room 1 is also given to “AI governance” at the same time.")
    ]


def test_a_room_too_small_and_a_layout_that_does_not_fit(desk):
    forum, small, hall, sec = desk
    s = make_session(forum, title="Town hall", format="townhall", expected_audience=80)
    programme_draft.draft_place(session=s, room=small, starts_at=local(forum, 0, 9), by=sec)
    assert kinds(forum, s) == [
        ("capacity", "Workshop Room 1 seats 60; 80 people are expected."),
        (
            "layout",
            "Workshop Room 1 has a round table layout, which does not suit this session's format.",
        ),
    ]
    programme_draft.draft_place(session=s, room=hall, starts_at=local(forum, 0, 9), by=sec)
    assert kinds(forum, s) == []


def test_outside_the_grid_in_a_break_and_outside_availability(desk):
    forum, small, hall, sec = desk
    s = make_session(forum, title="Connectivity", speaker_email="amina@example.org")
    programme_draft.draft_place(session=s, room=small, starts_at=local(forum, 0, 12, 30), by=sec)
    assert kinds(forum, s) == [("grid", "The session is outside the forum's programme hours.")]
    BlockedPeriod.objects.create(
        forum=forum, label="Coffee", starts_at=local(forum, 0, 10), ends_at=local(forum, 0, 10, 30)
    )
    BlockedPeriod.objects.create(
        forum=forum,
        room=small,
        label="Press conference",
        starts_at=local(forum, 0, 9),
        ends_at=local(forum, 0, 10),
    )
    RoomAvailability.objects.create(
        room=small, starts_at=local(forum, 0, 11), ends_at=local(forum, 0, 13)
    )
    PersonUnavailability.objects.create(
        forum=forum,
        email="amina@example.org",
        starts_at=local(forum, 0, 9),
        ends_at=local(forum, 0, 9, 30),
    )
    programme_draft.draft_place(session=s, room=small, starts_at=local(forum, 0, 9, 30), by=sec)
    assert kinds(forum, s) == [
        ("break", "The session overlaps “Coffee”."),
        ("room_unavailable", "Workshop Room 1 is blocked then (Press conference)."),
        ("room_unavailable", "Workshop Room 1 is not available then."),
    ]
    programme_draft.draft_place(session=s, room=hall, starts_at=local(forum, 0, 9), by=sec)
    assert kinds(forum, s) == [("unavailable", "Amina declared they cannot take part then.")]


def test_the_endpoint_places_and_answers_with_the_warnings(client, desk):
    forum, small, hall, sec = desk
    a = make_session(forum, title="Connectivity", speaker_email="amina@example.org")
    b = make_session(forum, title="AI governance", speaker_email="amina@example.org")
    programme_draft.draft_place(session=a, room=small, starts_at=local(forum, 0, 9), by=sec)
    client.force_login(sec)
    url = reverse("schedule_place", kwargs={"slug": forum.slug})
    body = {"session": b.pk, "action": "place", "room": hall.pk, "starts_at": "2030-12-02T09:15"}
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    data = response.json()
    assert data["placement"] == {
        "room": hall.pk,
        "starts_at": "2030-12-02T09:15",
        "cancelled": False,
    }
    assert data["warnings"] == [
        {
            "session": b.pk,
            "title": "AI governance",
            "kind": "person",
            "message": "Amina is also in “Connectivity” at the same time.",
        }
    ]
    assert [w["session"] for w in data["draft_warnings"]] == [a.pk, b.pk]
    draft = DraftPlacement.objects.get(session=b)
    assert draft.starts_at == local(forum, 0, 9, 15) and draft.room == hall
    # The same warnings from the warnings endpoint and on the page.
    listed = client.get(reverse("schedule_warnings", kwargs={"slug": forum.slug})).json()
    assert listed["warnings"] == data["draft_warnings"]
    page = client.get(reverse("schedule_editor", kwargs={"slug": forum.slug})).text
    assert "Amina is also in “Connectivity” at the same time." in page
    assert f'data-testid="block-{b.pk}"' in page
    bad = dict(body, room="")
    response = client.post(url, json.dumps(bad), content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"] == {"room": ["Choose a room."]}


def test_the_plain_form_works_without_javascript(client, desk):
    forum, small, hall, sec = desk
    s = make_session(forum, title="Connectivity")
    client.force_login(sec)
    url = reverse("schedule_place", kwargs={"slug": forum.slug})
    response = client.post(
        url,
        {
            "prefix": f"s{s.pk}",
            f"s{s.pk}-session": s.pk,
            f"s{s.pk}-action": "place",
            f"s{s.pk}-room": hall.pk,
            f"s{s.pk}-starts_at": "2030-12-02T10:00",
        },
    )
    assert response.status_code == 302
    assert (
        response.url == reverse("schedule_editor", kwargs={"slug": forum.slug}) + "?day=2030-12-02"
    )
    assert DraftPlacement.objects.get(session=s).starts_at == local(forum, 0, 10)
    client.post(url, {"prefix": "x", "x-session": s.pk, "x-action": "cancel"})
    assert DraftPlacement.objects.get(session=s).cancelled is True
    client.post(url, {"prefix": "x", "x-session": s.pk, "x-action": "pin"})
    s.refresh_from_db()
    assert s.is_pinned is True


def test_the_endpoint_needs_the_csrf_token(desk):
    forum, small, hall, sec = desk
    s = make_session(forum, title="Connectivity")
    client = Client(enforce_csrf_checks=True)
    client.force_login(sec)
    body = {"session": s.pk, "action": "place", "room": hall.pk, "starts_at": "2030-12-02T10:00"}
    response = client.post(
        reverse("schedule_place", kwargs={"slug": forum.slug}),
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not DraftPlacement.objects.filter(session=s).exists()


PAGES = [
    "schedule_editor",
    "schedule_warnings",
    "schedule_grid",
    "schedule_runs",
    "schedule_versions",
]


@pytest.mark.parametrize("name", PAGES)
def test_only_the_secretariat_uses_the_desk(client, desk, name):
    forum, small, hall, sec = desk
    url = reverse(name, kwargs={"slug": forum.slug})
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(sec)
    assert client.get(url).status_code == 200


def test_nobody_else_moves_a_session(client, desk):
    forum, small, hall, sec = desk
    s = make_session(forum, title="Connectivity")
    organizer = s.proposal.created_by
    client.force_login(organizer)
    body = {"session": s.pk, "action": "place", "room": hall.pk, "starts_at": "2030-12-02T10:00"}
    response = client.post(
        reverse("schedule_place", kwargs={"slug": forum.slug}),
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not DraftPlacement.objects.filter(session=s).exists()
    # Another forum's secretariat cannot reach this forum's sessions through their own forum.
    other = make_forum()
    client.force_login(make_secretariat(other))
    response = client.post(
        reverse("schedule_place", kwargs={"slug": other.slug}),
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code in (400, 404)
    assert not DraftPlacement.objects.filter(session=s).exists()


def test_the_grid_page_sets_days_breaks_and_availability(client, desk):
    forum, small, hall, sec = desk
    client.force_login(sec)
    url = reverse("schedule_grid", kwargs={"slug": forum.slug})
    response = client.post(
        url,
        {
            "what": "period",
            "period-label": "Lunch",
            "period-starts_at": "2030-12-02T12:00",
            "period-ends_at": "2030-12-02T11:00",
        },
    )
    assert response.status_code == 400
    assert "The period must end after it starts." in response.text
    client.post(
        url,
        {
            "what": "period",
            "period-label": "Lunch",
            "period-starts_at": "2030-12-02T12:00",
            "period-ends_at": "2030-12-02T13:00",
        },
    )
    period = BlockedPeriod.objects.get(forum=forum)
    assert (period.starts_at, period.room) == (local(forum, 0, 12), None)
    client.post(
        url,
        {
            "what": "day",
            "day-date": "2030-12-03",
            "day-starts_at": "10:00",
            "day-ends_at": "17:00",
            "day-slot_minutes": "30",
        },
    )
    assert forum.programme_days.get(date="2030-12-03").slot_minutes == 30
    client.post(
        url,
        {
            "what": "availability",
            "availability-room": small.pk,
            "availability-starts_at": "2030-12-02T09:00",
            "availability-ends_at": "2030-12-02T12:00",
        },
    )
    assert RoomAvailability.objects.get(room=small).ends_at == local(forum, 0, 12)
    client.post(url, {"what": "delete", "kind": "period", "pk": period.pk})
    assert not BlockedPeriod.objects.filter(forum=forum).exists()


def test_the_editor_page_costs_the_same_queries_whatever_the_number_of_sessions(client):
    """Its queries do not grow with the sessions: placed ones (grid blocks and forms), unplaced
    ones (forms only) and their people (warnings)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (2, 12):
        forum = make_forum()
        small, hall = make_rooms(forum)
        sec = make_secretariat(forum)
        for i in range(n):
            s = make_session(forum, title=f"Session {i}", speaker_email=f"p{i % 3}@example.org")
            if i % 2:
                room = small if i % 4 == 1 else hall
                programme_draft.draft_place(
                    session=s, room=room, starts_at=local(forum, 0, 9 + i % 4), by=sec
                )
        client.force_login(sec)
        url = reverse("schedule_editor", kwargs={"slug": forum.slug})
        assert client.get(url).status_code == 200  # the login's session exists from here on
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        assert response.text.count('class="place-form"') == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
