"""The grid the programme is placed on: forum days with their hours and slot length, breaks and
rooms' blocked slots, and when rooms are available. Times are in the forum's time zone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sessions.forms.schedule import BlockedPeriodForm, ProgrammeDayForm, RoomAvailabilityForm
from sessions.models import BlockedPeriod, ProgrammeDay, RoomAvailability
from sessions.rules.schedule import can_manage_programme
from sessions.services import programme_draft
from sessions.views.common import forum_for, validation_errors


@login_required
def grid(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_programme)
    forms = {
        "day": ProgrammeDayForm(prefix="day"),
        "period": BlockedPeriodForm(prefix="period", forum=forum),
        "availability": RoomAvailabilityForm(prefix="availability", forum=forum),
    }
    status = 200
    if request.method == "POST":
        what = request.POST.get("what")
        if what == "delete":
            kind = request.POST.get("kind")
            if kind in programme_draft.GRID_MODELS and (request.POST.get("pk") or "").isdigit():
                programme_draft.grid_item_delete(
                    forum=forum, kind=kind, pk=int(request.POST["pk"]), by=request.user
                )
                messages.success(request, _("Removed."))
            return redirect("schedule_grid", slug=forum.slug)
        if what in forms:
            form = _bound(what, request, forum)
            forms[what] = form
            if form.is_valid():
                try:
                    _save(what, form.cleaned_data, forum, request.user)
                except ValidationError as exc:
                    for field, msgs in validation_errors(exc).items():
                        for msg in msgs:
                            form.add_error(field if field in form.fields else None, msg)
                else:
                    messages.success(request, _("Saved."))
                    return redirect("schedule_grid", slug=forum.slug)
            status = 400
    return render(
        request,
        "sessions/schedule/grid.html",
        {
            "forum": forum,
            "forms": forms,
            "days": ProgrammeDay.objects.filter(forum=forum).order_by("date"),
            "periods": BlockedPeriod.objects.filter(forum=forum)
            .select_related("room")
            .order_by("starts_at"),
            "availability": RoomAvailability.objects.filter(room__forum=forum)
            .select_related("room")
            .order_by("room__position", "room__name", "starts_at"),
        },
        status=status,
    )


def _bound(what: str, request, forum):
    if what == "day":
        return ProgrammeDayForm(request.POST, prefix="day")
    if what == "period":
        return BlockedPeriodForm(request.POST, prefix="period", forum=forum)
    return RoomAvailabilityForm(request.POST, prefix="availability", forum=forum)


def _save(what: str, data: dict, forum, by) -> None:
    if what == "day":
        programme_draft.programme_day_set(
            forum=forum,
            date=data["date"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            slot_minutes=data["slot_minutes"],
            by=by,
        )
    elif what == "period":
        programme_draft.blocked_period_add(
            forum=forum,
            room=data["room"],
            label=data["label"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            by=by,
        )
    else:
        programme_draft.room_availability_add(
            room=data["room"], starts_at=data["starts_at"], ends_at=data["ends_at"], by=by
        )
