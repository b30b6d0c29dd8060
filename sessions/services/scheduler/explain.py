"""Why no schedule exists, in words that name the sessions, people and rules in conflict.

First the causes one can see without solving (a session no room suits, a session that fits no
slot, pinned sessions on top of each other). Otherwise CP-SAT is asked again with one literal per
rule about a person or a session, passed as assumptions: the solver returns a set of them that
cannot hold together, which is then shrunk (dropping each in turn while the rest stays
infeasible) and told in sentences.
"""

from __future__ import annotations

import datetime as dt
import time

from django.utils import formats
from django.utils.translation import gettext as _
from ortools.sat.python import cp_model

from sessions.selectors.schedule_facts import Placement, ScheduleFacts
from sessions.services.scheduler.model import (
    Weights,
    allowed_starts,
    avoiding,
    build,
    fitting_rooms,
)


def _quoted(facts: ScheduleFacts, sids) -> str:
    return ", ".join(f"“{facts.sessions[s].title}”" for s in sorted(sids))


def _when(at: dt.datetime, facts: ScheduleFacts) -> str:
    tz = facts.days[0].starts_at.tzinfo if facts.days else dt.UTC
    local = at.astimezone(tz)
    return f"{formats.date_format(local, 'DATE_FORMAT')} {local:%H:%M} {local.tzname()}"


def obvious_causes(
    facts: ScheduleFacts, session_ids: list[int], current: dict[int, Placement]
) -> list[str]:
    """Sentences for the conflicts visible session by session; empty if there are none."""
    out: list[str] = []
    epoch = min(d.starts_at for d in facts.days)
    for sid in session_ids:
        s = facts.sessions[sid]
        placed = current.get(sid)
        if s.pinned and placed and placed.placed:
            continue  # a pinned session stays where it is: nothing to choose
        fit, small, wrong = fitting_rooms(facts, sid)
        if not fit:
            if small and not wrong:
                out.append(
                    _("“%(title)s” expects %(n)s people, more than any room seats.")
                    % {"title": s.title, "n": s.expected_audience}
                )
            else:
                out.append(
                    _(
                        "No room suits “%(title)s”: the rooms large enough for %(n)s people are "
                        "not laid out for its format (%(format)s)."
                    )
                    % {"title": s.title, "n": s.expected_audience, "format": s.format}
                )
        starts = [t for v in allowed_starts(facts, s.duration, epoch).values() for t in v]
        if not starts:
            out.append(
                _(
                    "“%(title)s” lasts %(minutes)s minutes and fits no forum day's programme "
                    "hours between the breaks."
                )
                % {"title": s.title, "minutes": s.duration}
            )
            continue
        for person in sorted(s.people):
            starts = avoiding(starts, s.duration, facts.unavailable.get(person, ()), epoch)
            if not starts:
                out.append(
                    _(
                        "“%(title)s” has no time left: %(person)s, who takes part in it, declared "
                        "they cannot take part at every time it could be held."
                    )
                    % {"title": s.title, "person": facts.person_names.get(person, person)}
                )
                break

    return out


def _sentence(facts: ScheduleFacts, group: str, key, involved: set[int], current) -> str:
    if group == "person":
        name = facts.person_names.get(key, key)
        sids = [s for s in involved if key in facts.sessions[s].people]
        return _("%(person)s takes part in %(sessions)s and cannot be in two at once.") % {
            "person": name,
            "sessions": _quoted(facts, sids),
        }
    if group == "unavailable":
        name = facts.person_names.get(key, key)
        periods = "; ".join(
            f"{_when(p.starts_at, facts)} – {_when(p.ends_at, facts)}"
            for p in facts.unavailable.get(key, ())
        )
        return _("%(person)s declared they cannot take part %(periods)s.") % {
            "person": name,
            "periods": periods,
        }
    s = facts.sessions[key]
    if group == "capacity":
        return _("“%(title)s” needs a room for %(n)s people.") % {
            "title": s.title,
            "n": s.expected_audience,
        }
    if group == "layout":
        return _("“%(title)s” needs a room laid out for its format (%(format)s).") % {
            "title": s.title,
            "format": s.format,
        }
    placed = current.get(key)
    room = facts.rooms.get(placed.room_id) if placed else None
    return _("“%(title)s” is pinned to %(room)s at %(when)s.") % {
        "title": s.title,
        "room": room.name if room else "?",
        "when": _when(placed.starts_at, facts) if placed and placed.starts_at else "?",
    }


def _infeasible_with(built, chosen: list[int], seconds: float) -> tuple[bool, list[int]]:
    model = built.model
    model.ClearAssumptions()
    model.AddAssumptions([built.literal_of[i] for i in chosen])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    status = solver.Solve(model)
    if status != cp_model.INFEASIBLE:
        return False, []
    return True, list(solver.SufficientAssumptionsForInfeasibility())


def explain(
    facts: ScheduleFacts,
    session_ids: list[int],
    current: dict[int, Placement],
    *,
    time_limit: float = 20,
) -> list[str]:
    """Sentences naming a set of rules that cannot hold together, or a general sentence."""
    deadline = time.monotonic() + time_limit
    built = build(facts, session_ids, weights=Weights(), current=current, explain=True)
    everything = sorted(built.groups)
    infeasible, core = _infeasible_with(built, everything, max(1.0, time_limit / 2))
    if not infeasible:
        return [
            _(
                "No schedule satisfies every rule together, and no smaller set of conflicting "
                "rules was found in time: too many sessions for the rooms and hours available."
            )
        ]
    if not core:
        return [
            _(
                "The sessions do not fit: there are more sessions than room hours that suit "
                "them, whatever the people's availability."
            )
        ]
    # Shrink: drop each literal in turn while the rest is still infeasible.
    for index in list(core):
        if time.monotonic() > deadline or len(core) <= 1:
            break
        trial = [i for i in core if i != index]
        still, smaller = _infeasible_with(built, trial, max(0.5, (deadline - time.monotonic()) / 4))
        if still:
            core = smaller or trial
    groups = [built.groups[i] for i in sorted(core)]
    involved = {key for g, key in groups if g in ("capacity", "layout", "pin")}
    for g, key in groups:
        if g in ("person", "unavailable"):
            involved |= {s for s in session_ids if key in facts.sessions[s].people}
    lead = _("These rules cannot all hold together:")
    return [lead, *[_sentence(facts, g, key, involved, current) for g, key in groups]]
