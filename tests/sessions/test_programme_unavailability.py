"""People's unavailability: the secretariat's page (list, add, remove, in the forum's zone, who may
use it) and the scheduler honouring what it records, from the database to the placement."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sessions.models import PersonUnavailability
from sessions.selectors.schedule import schedule_facts
from sessions.selectors.schedule_facts import hard_conflicts
from sessions.services.scheduler.model import Weights
from sessions.services.scheduler.solve import solve
from sessions.services.unavailability import person_unavailability_add
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
    return forum, small, hall, make_secretariat(forum)


def url(forum) -> str:
    return reverse("schedule_unavailability", kwargs={"slug": forum.slug})


def test_the_secretariat_lists_adds_and_removes_unavailability(client, desk):
    forum, _small, _hall, sec = desk
    make_session(forum, title="Connectivity", speaker_email="amina@example.org")
    amina = UserFactory(email="amina@example.org", name="Amina Diallo")
    client.force_login(sec)
    page = client.get(url(forum))
    assert page.status_code == 200
    assert "Nobody has declared a time they cannot take part." in page.text
    # The people the scheduler places are offered by address.
    assert '<option value="amina@example.org">Amina</option>' in page.text

    bad = client.post(
        url(forum),
        {
            "email": "amina@example.org",
            "starts_at": "2030-12-02T11:00",
            "ends_at": "2030-12-02T10:00",
        },
    )
    assert bad.status_code == 400
    assert "The period must end after it starts." in bad.text
    assert not PersonUnavailability.objects.exists()

    response = client.post(
        url(forum),
        {
            "email": "AMINA@example.org",
            "starts_at": "2030-12-02T09:00",
            "ends_at": "2030-12-02T11:00",
            "note": "Flight <late>",
        },
    )
    assert response.status_code == 302
    row = PersonUnavailability.objects.get(forum=forum)
    # Read in the forum's time zone, and tied to the account with that address.
    assert (row.starts_at, row.ends_at) == (local(forum, 0, 9), local(forum, 0, 11))
    assert (row.user, row.email) == (amina, "amina@example.org")
    listed = client.get(url(forum)).text
    assert "Amina Diallo (amina@example.org)" in listed
    assert "09:00" in listed and "11:00" in listed
    assert "Flight &lt;late&gt;" in listed

    client.post(url(forum), {"what": "delete", "pk": row.pk})
    assert not PersonUnavailability.objects.exists()


def test_only_the_secretariat_of_the_forum_uses_the_page(client, desk):
    forum, _small, _hall, sec = desk
    assert client.get(url(forum)).status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get(url(forum)).status_code in (403, 404)
    # Another forum's secretariat cannot remove this forum's rows through its own page.
    row = person_unavailability_add(
        forum=forum,
        email="kofi@example.org",
        starts_at=local(forum, 0, 9),
        ends_at=local(forum, 0, 10),
        by=sec,
    )
    other = make_forum()
    client.force_login(make_secretariat(other))
    assert client.get(url(forum)).status_code in (403, 404)
    client.post(url(other), {"what": "delete", "pk": row.pk})
    assert PersonUnavailability.objects.filter(pk=row.pk).exists()


def test_the_scheduler_places_a_session_outside_its_speakers_unavailability(desk):
    forum, small, hall, sec = desk  # one day, 09:00-13:00
    s = make_session(forum, title="Connectivity", speaker_email="amina@example.org", duration=60)
    person_unavailability_add(
        forum=forum,
        email="Amina@example.org",
        starts_at=local(forum, 0, 8),
        ends_at=local(forum, 0, 12),
        by=sec,
    )
    facts = schedule_facts(forum)
    result = solve(
        facts, [s.pk], weights=Weights(0, 0, 0, 0, 0), current=None, time_limit=10, workers=1
    )
    assert result.status == "done"
    placement = result.placements[s.pk]
    # The only free hour is the last one of the day.
    assert (placement.starts_at, placement.ends_at) == (local(forum, 0, 12), local(forum, 0, 13))
    assert hard_conflicts(facts, result.placements) == []
