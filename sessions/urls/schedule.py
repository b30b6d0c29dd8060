"""The secretariat's programme desk under /forums/<slug>/schedule/: the draft editor, the
automatic scheduler, the grid (days, breaks, rooms) and publishing."""

from django.urls import path

from sessions.views import (
    schedule,
    schedule_grid,
    schedule_people,
    schedule_runs,
    schedule_versions,
)

urlpatterns = [
    path("schedule/", schedule.editor, name="schedule_editor"),
    path("schedule/place/", schedule.place, name="schedule_place"),
    path("schedule/warnings.json", schedule.warnings_endpoint, name="schedule_warnings"),
    path("schedule/grid/", schedule_grid.grid, name="schedule_grid"),
    path(
        "schedule/unavailability/",
        schedule_people.unavailability,
        name="schedule_unavailability",
    ),
    path("schedule/runs/", schedule_runs.runs, name="schedule_runs"),
    path("schedule/runs/<int:run_id>/", schedule_runs.run_detail, name="schedule_run"),
    path(
        "schedule/runs/<int:run_id>/status.json",
        schedule_runs.run_status,
        name="schedule_run_status",
    ),
    path("schedule/runs/<int:run_id>/apply/", schedule_runs.run_apply, name="schedule_run_apply"),
    path("schedule/versions/", schedule_versions.versions, name="schedule_versions"),
]
