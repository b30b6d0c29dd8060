"""The scheduler's hard rules, one test each, its soft goals and re-solving with fewest moves.

Each problem is built so that breaking the rule would be the easy answer (the first free slot, the
smallest room), and every schedule found is checked again by the editor's warnings."""

from __future__ import annotations

from sessions.selectors.schedule_facts import Period
from sessions.services.scheduler.model import Weights
from sessions.services.scheduler.solve import solve
from tests.sessions.scheduler_helpers import at, day, facts, placed, room, run, session


def test_nobody_is_in_two_sessions_at_once():
    f = facts([day(9, 11)], [room(1), room(2)], [session(1, "e:amina"), session(2, "e:amina")])
    result = run(f)
    assert result.status == "done"
    starts = sorted(result.placements[s].starts_at for s in (1, 2))
    assert starts[1] >= starts[0] + (result.placements[1].ends_at - result.placements[1].starts_at)


def test_a_person_in_more_sessions_than_slots_is_infeasible_and_named():
    f = facts(
        [day(9, 10)],
        [room(1), room(2)],
        [session(1, "e:amina"), session(2, "e:amina", "e:kofi")],
    )
    result = run(f)
    assert result.status == "infeasible"
    text = " ".join(result.explanation)
    assert "Amina takes part in “Session 1”, “Session 2” and cannot be in two at once." in text


def test_a_session_goes_to_a_room_large_enough():
    f = facts(
        [day(9, 10)],
        [room(1, capacity=50), room(2, capacity=200)],
        [session(1, expected_audience=120)],
    )
    result = run(f)
    assert result.placements[1].room_id == 2


def test_a_session_goes_to_a_room_laid_out_for_its_format():
    f = facts(
        [day(9, 10)],
        [room(1, capacity=200, layout="roundtable"), room(2, capacity=300, layout="theatre")],
        [session(1, format="townhall")],
    )
    assert run(f).placements[1].room_id == 2


def test_declared_unavailability_is_respected():
    f = facts(
        [day(9, 11)],
        [room(1)],
        [session(1, "e:amina")],
        unavailable={"e:amina": [Period(at(9), at(10), "flight")]},
    )
    assert run(f).placements[1].starts_at == at(10)


def test_pinned_sessions_stay_and_others_avoid_their_people():
    pinned = session(1, "e:amina", pinned=True)
    f = facts([day(9, 11)], [room(1), room(2)], [pinned, session(2, "e:amina")])
    current = {1: placed(1, 2, at(9))}
    result = run(f, current=current)
    assert result.placements[1] == current[1]
    assert result.placements[2].starts_at == at(10)


def test_pinned_sessions_that_clash_with_each_other_do_not_stop_the_scheduler():
    f = facts(
        [day(9, 11)],
        [room(1), room(2)],
        [
            session(1, "e:amina", pinned=True),
            session(2, "e:amina", pinned=True),
            session(3, "e:amina"),
        ],
    )
    current = {1: placed(1, 1, at(9)), 2: placed(2, 2, at(9))}
    result = solve(f, [1, 2, 3], weights=Weights(0, 0, 0, 0, 0), current=current, time_limit=5)
    assert result.status == "done"
    assert result.placements[3].starts_at == at(10)


def test_sessions_fit_the_grid_and_avoid_breaks():
    f = facts(
        [day(9, 12)],
        [room(1)],
        [session(1), session(2)],
        breaks=[Period(at(10), at(11), "Coffee")],
    )
    result = run(f)
    assert sorted(result.placements[s].starts_at for s in (1, 2)) == [at(9), at(11)]
    f.sessions[3] = session(3)
    assert run(f).status == "infeasible"


def test_rooms_are_used_only_when_available_and_not_blocked():
    f = facts(
        [day(9, 12)],
        [
            room(1, capacity=50, available=(Period(at(11), at(12)),)),
            room(2, capacity=80, blocked=(Period(at(9), at(10), "Press conference"),)),
        ],
        [session(1), session(2), session(3)],
    )
    result = run(f)
    assert result.status == "done"
    by_room = sorted((p.room_id, p.starts_at) for p in result.placements.values())
    assert by_room == [(1, at(11)), (2, at(10)), (2, at(11))]


def test_sessions_of_one_subtheme_are_spread_across_time():
    f = facts(
        [day(9, 11)], [room(1), room(2)], [session(1, subtheme_id=7), session(2, subtheme_id=7)]
    )
    result = run(f, weights=Weights(5, 0, 0, 0, 0))
    assert result.placements[1].starts_at != result.placements[2].starts_at
    assert result.terms["spread_subthemes"] == 50


def test_popular_sessions_go_to_larger_rooms():
    f = facts(
        [day(9, 10)],
        [room(1, capacity=60), room(2, capacity=500)],
        [session(1, popularity=1), session(2, popularity=40)],
    )
    result = run(f, weights=Weights(0, 3, 0, 0, 0))
    assert result.placements[2].room_id == 2


def test_days_are_balanced():
    days = [day(9, 12), day(9, 12, date=at(9).date().replace(day=4))]
    f = facts(days, [room(1), room(2)], [session(i) for i in range(1, 5)])
    result = run(f, weights=Weights(0, 0, 2, 0, 0))
    per_day = sorted(
        sum(1 for p in result.placements.values() if p.starts_at.date() == d.date) for d in days
    )
    assert per_day == [2, 2]


def test_mostly_online_sessions_go_to_hours_friendly_to_their_region():
    # 09:00-19:00 in Geneva; for Asia-Pacific (UTC+7) 08:00-20:00 local is 01:00-13:00 UTC.
    f = facts([day(9, 19)], [room(1)], [session(1, online_regions=("asia-pacific",))])
    result = run(f, weights=Weights(0, 0, 0, 5, 0))
    assert result.placements[1].ends_at <= at(14)
    assert result.terms["online_friendly_hours"] == 0


def test_solving_again_moves_only_what_must_move():
    sessions = [session(i, f"e:p{i}", f"e:q{i % 3}") for i in range(1, 9)]
    f = facts([day(9, 13)], [room(1), room(2), room(3)], sessions)
    first = run(f, weights=Weights(0, 0, 0, 0, 10))
    assert first.status == "done"
    # Someone in session 1 can no longer come at the time it was given.
    when = first.placements[1]
    f.unavailable = {"e:p1": [Period(when.starts_at, when.ends_at, "clash")]}
    again = run(f, weights=Weights(0, 0, 0, 0, 10), current=first.placements)
    moved = sorted(s for s in first.placements if again.placements[s] != first.placements[s])
    assert moved == [1]
    assert again.terms["keep_placements"] == 100
