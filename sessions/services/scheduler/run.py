"""A forum's scheduler run: started by the secretariat, executed by a Celery task, which writes
the run's progress and its best schedule so far as the solver finds better ones."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Forum, User
from sessions.models import SchedulerSettings, ScheduleRun
from sessions.rules.schedule import can_manage_programme
from sessions.selectors.schedule import draft_placements, schedule_facts
from sessions.selectors.schedule_facts import Placement
from sessions.services.scheduler.model import Weights
from sessions.services.scheduler.solve import SolveResult, solve

logger = logging.getLogger(__name__)


def scheduler_settings(forum: Forum) -> SchedulerSettings:
    return SchedulerSettings.objects.get_or_create(forum=forum)[0]


def weights_of(config: SchedulerSettings) -> Weights:
    return Weights(
        spread_subthemes=config.spread_subthemes,
        popular_in_large_rooms=config.popular_in_large_rooms,
        balance_days=config.balance_days,
        online_friendly_hours=config.online_friendly_hours,
        keep_placements=config.keep_placements,
    )


def placements_json(placements: dict[int, Placement]) -> dict[str, dict]:
    return {
        str(sid): {
            "room": p.room_id,
            "starts_at": p.starts_at.isoformat(),
            "ends_at": p.ends_at.isoformat(),
        }
        for sid, p in sorted(placements.items())
    }


@transaction.atomic
def schedule_run_start(*, forum: Forum, by: User | None) -> ScheduleRun:
    """A queued run of the scheduler over the forum's draft; the caller (an interface) enqueues
    its task after commit (:func:`sessions.tasks.schedule.run_scheduler`)."""
    if by is not None and not can_manage_programme.test(by, forum):
        raise PermissionDenied(_("Only the forum's secretariat may run the scheduler."))
    return ScheduleRun.objects.create(forum=forum, created_by=by)


def schedule_run_execute(
    *, run_id: int, workers: int = 2, deterministic: bool = False
) -> ScheduleRun | None:
    """Solve the run's forum and record the outcome on the run. Idempotent: a run that is not
    queued any more is left as it is."""
    claimed = ScheduleRun.objects.filter(pk=run_id, status=ScheduleRun.Status.QUEUED).update(
        status=ScheduleRun.Status.RUNNING
    )
    run = ScheduleRun.objects.select_related("forum").filter(pk=run_id).first()
    if not claimed or run is None:
        return run
    try:
        result = _solve_forum(run, workers=workers, deterministic=deterministic)
    except Exception as exc:
        logger.exception("scheduler run %s failed", run_id)
        ScheduleRun.objects.filter(pk=run_id).update(
            status=ScheduleRun.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        run.refresh_from_db()
        return run
    status = {
        "done": ScheduleRun.Status.DONE,
        "infeasible": ScheduleRun.Status.INFEASIBLE,
    }.get(result.status, ScheduleRun.Status.FAILED)
    ScheduleRun.objects.filter(pk=run_id).update(
        status=status,
        progress=100,
        objective=result.objective,
        solutions_found=result.solutions,
        seconds_to_first=result.seconds_to_first,
        seconds_total=result.seconds_total,
        placements=placements_json(result.placements) if result.placements else {},
        explanation=result.explanation,
        error="" if status != ScheduleRun.Status.FAILED else " ".join(result.explanation),
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    return run


def _solve_forum(run: ScheduleRun, *, workers: int, deterministic: bool) -> SolveResult:
    forum = run.forum
    config = scheduler_settings(forum)
    facts = schedule_facts(forum)
    current = draft_placements(forum)
    session_ids = [sid for sid in facts.sessions if not current[sid].cancelled]

    def progress(so_far: SolveResult, fraction: float) -> None:
        fields = {"progress": min(99, int(fraction * 100))}
        if so_far.placements:
            fields.update(
                objective=so_far.objective,
                solutions_found=so_far.solutions,
                seconds_to_first=so_far.seconds_to_first,
                placements=placements_json(so_far.placements),
            )
        ScheduleRun.objects.filter(pk=run.pk).update(**fields)

    return solve(
        facts,
        session_ids,
        weights=weights_of(config),
        current=current,
        time_limit=config.time_limit_seconds,
        workers=workers,
        on_progress=progress,
        deterministic=deterministic,
    )
