"""The automatic scheduler's pages: its settings and runs, one run's progress and best schedule so
far (the page refreshes itself while the run goes on; a small JSON endpoint says the same), and
applying a run to the draft."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forum.models import Room
from sessions.forms.schedule import SchedulerSettingsForm
from sessions.models import ScheduleRun, Session
from sessions.rules.schedule import can_manage_programme
from sessions.services.programme_draft import draft_apply_run, scheduler_settings_save
from sessions.services.scheduler.run import schedule_run_start, scheduler_settings
from sessions.tasks.schedule import enqueue_run
from sessions.views.common import forum_for, validation_errors


def _run(forum, run_id: int) -> ScheduleRun:
    run = ScheduleRun.objects.filter(forum=forum, pk=run_id).first()
    if run is None:
        raise Http404("No such run.")
    return run


@login_required
def runs(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_programme)
    config = scheduler_settings(forum)
    form = SchedulerSettingsForm(instance=config)
    if request.method == "POST":
        if request.POST.get("what") == "settings":
            form = SchedulerSettingsForm(request.POST, instance=config)
            if form.is_valid():
                scheduler_settings_save(form=form, by=request.user)
                messages.success(request, _("Scheduler settings saved."))
                return redirect("schedule_runs", slug=forum.slug)
        else:
            run = schedule_run_start(forum=forum, by=request.user)
            enqueue_run(run.pk)
            return redirect("schedule_run", slug=forum.slug, run_id=run.pk)
    return render(
        request,
        "sessions/schedule/runs.html",
        {
            "forum": forum,
            "form": form,
            "runs": ScheduleRun.objects.filter(forum=forum).order_by("-created_at", "-pk")[:20],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _status(run: ScheduleRun) -> dict:
    return {
        "id": run.pk,
        "status": run.status,
        "status_label": run.get_status_display(),
        "progress": run.progress,
        "objective": run.objective,
        "solutions_found": run.solutions_found,
        "seconds_to_first": run.seconds_to_first,
        "seconds_total": run.seconds_total,
        "placed": len(run.placements),
        "explanation": run.explanation,
        "finished": run.status not in (ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING),
    }


@login_required
@require_GET
def run_status(request: HttpRequest, slug: str, run_id: int) -> JsonResponse:
    forum = forum_for(request, slug, can_manage_programme)
    return JsonResponse(_status(_run(forum, run_id)))


@login_required
@require_GET
def run_detail(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_programme)
    run = _run(forum, run_id)
    status = _status(run)
    rooms = {r.pk: r.name for r in Room.objects.filter(forum=forum)}
    titles = dict(
        Session.objects.filter(forum=forum, pk__in=[int(k) for k in run.placements]).values_list(
            "pk", "title"
        )
    )
    rows = sorted(
        (
            (
                dt.datetime.fromisoformat(v["starts_at"]),
                rooms.get(v["room"], "?"),
                titles.get(int(k), "?"),
            )
            for k, v in run.placements.items()
        ),
        key=lambda row: (row[0], row[1], row[2]),
    )
    return render(
        request,
        "sessions/schedule/run.html",
        {"forum": forum, "run": run, "status": status, "rows": rows},
    )


@login_required
@require_POST
def run_apply(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_programme)
    run = _run(forum, run_id)
    try:
        count = draft_apply_run(run=run, by=request.user)
    except ValidationError as exc:
        for msgs in validation_errors(exc).values():
            for msg in msgs:
                messages.error(request, msg)
        return redirect("schedule_run", slug=forum.slug, run_id=run.pk)
    messages.success(request, _("%(n)s sessions placed in the draft from this run.") % {"n": count})
    return redirect("schedule_editor", slug=forum.slug)
