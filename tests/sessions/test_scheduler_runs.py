"""Infeasibility explained in words, and a forum's run of the scheduler: its progress and best
schedule recorded on the run, applied to the draft, and run by a real Celery worker."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from sessions.models import DraftPlacement, PersonUnavailability, SchedulerSettings, ScheduleRun
from sessions.selectors.schedule import draft_warnings
from sessions.selectors.schedule_facts import Period
from sessions.services.programme_draft import draft_apply_run
from sessions.services.scheduler.run import schedule_run_execute, schedule_run_start
from tests.sessions.desk_helpers import (
    local,
    make_forum,
    make_rooms,
    make_secretariat,
    make_session,
)
from tests.sessions.scheduler_helpers import at, day, facts, room, run, session


def test_an_audience_no_room_seats_is_named():
    f = facts([day(9, 10)], [room(1, capacity=50)], [session(1, expected_audience=80)])
    result = run(f)
    assert result.status == "infeasible"
    assert result.explanation == ["“Session 1” expects 80 people, more than any room seats."]


def test_a_format_no_large_room_suits_is_named():
    f = facts(
        [day(9, 10)],
        [room(1, capacity=50, layout="roundtable"), room(2, capacity=500, layout="theatre")],
        [session(1, format="roundtable", expected_audience=80)],
    )
    assert run(f).explanation == [
        "No room suits “Session 1”: the rooms large enough for 80 people are not laid out for "
        "its format (roundtable)."
    ]


def test_a_session_longer_than_the_day_between_breaks_is_named():
    f = facts(
        [day(9, 12)],
        [room(1)],
        [session(1, duration=120)],
        breaks=[Period(at(10, 30), at(11), "Coffee")],
    )
    assert run(f).explanation == [
        "“Session 1” lasts 120 minutes and fits no forum day's programme hours between the breaks."
    ]


def test_a_person_away_at_every_possible_time_is_named():
    f = facts(
        [day(9, 10)],
        [room(1)],
        [session(1, "e:amina")],
        unavailable={"e:amina": [Period(at(9), at(10), "flight")]},
    )
    assert run(f).explanation == [
        "“Session 1” has no time left: Amina, who takes part in it, declared they cannot take "
        "part at every time it could be held."
    ]


def test_conflicting_rules_are_named_from_the_solvers_core():
    # Amina is in three sessions, Kofi cannot come at 10:00: two slots are not enough.
    f = facts(
        [day(9, 11)],
        [room(1), room(2), room(3)],
        [session(1, "e:amina"), session(2, "e:amina"), session(3, "e:amina", "e:kofi"), session(4)],
        unavailable={"e:kofi": [Period(at(10), at(11), "travel")]},
    )
    result = run(f)
    assert result.status == "infeasible"
    assert result.explanation[0] == "These rules cannot all hold together:"
    assert (
        "Amina takes part in “Session 1”, “Session 2”, “Session 3” and cannot be in two at once."
        in result.explanation
    )
    # Session 4 has nothing to do with it and is not named.
    assert "Session 4" not in " ".join(result.explanation)


@pytest.mark.django_db
def test_a_run_records_its_schedule_and_applies_to_the_draft():
    forum = make_forum()
    small, hall = make_rooms(forum)
    sec = make_secretariat(forum)
    a = make_session(forum, title="Connectivity", speaker_email="amina@example.org")
    b = make_session(forum, title="AI governance", speaker_email="amina@example.org")
    c = make_session(forum, title="Town hall", format="townhall", expected_audience=200)
    PersonUnavailability.objects.create(
        forum=forum,
        email="amina@example.org",
        starts_at=local(forum, 0, 9),
        ends_at=local(forum, 0, 10),
    )
    SchedulerSettings.objects.create(forum=forum, time_limit_seconds=5)
    queued = schedule_run_start(forum=forum, by=sec)
    done = schedule_run_execute(run_id=queued.pk, workers=1)
    assert done.status == ScheduleRun.Status.DONE
    assert done.progress == 100 and done.solutions_found >= 1 and done.objective is not None
    assert sorted(done.placements) == sorted(str(s.pk) for s in (a, b, c))
    assert done.placements[str(c.pk)]["room"] == hall.pk
    # Running it again does nothing: the run is not queued any more.
    assert schedule_run_execute(run_id=queued.pk).finished_at == done.finished_at
    assert draft_apply_run(run=done, by=sec) == 3
    assert DraftPlacement.objects.filter(session__forum=forum, room__isnull=False).count() == 3
    _facts, _placements, warnings = draft_warnings(forum)
    assert warnings == []


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_page_starts_a_run_that_a_celery_worker_solves(client, celery_worker_process):
    forum = make_forum()
    make_rooms(forum)
    sec = make_secretariat(forum)
    for n in range(4):
        make_session(forum, title=f"Session {n}", speaker_email="amina@example.org")
    SchedulerSettings.objects.create(forum=forum, time_limit_seconds=3)
    client.force_login(sec)
    response = client.post(reverse("schedule_runs", kwargs={"slug": forum.slug}), {"what": "run"})
    run_obj = ScheduleRun.objects.get(forum=forum)
    assert response.url == reverse(
        "schedule_run", kwargs={"slug": forum.slug, "run_id": run_obj.pk}
    )
    status_url = reverse("schedule_run_status", kwargs={"slug": forum.slug, "run_id": run_obj.pk})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = client.get(status_url).json()
        if status["finished"]:
            break
        time.sleep(0.2)
    assert status["status"] == "done" and status["placed"] == 4 and status["progress"] == 100
    page = client.get(response.url).text
    assert 'http-equiv="refresh"' not in page and 'data-testid="apply-run"' in page
    client.post(reverse("schedule_run_apply", kwargs={"slug": forum.slug, "run_id": run_obj.pk}))
    assert DraftPlacement.objects.filter(session__forum=forum, room__isnull=False).count() == 4
