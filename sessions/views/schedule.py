"""The secretariat's programme editor: one day of the draft as a grid of rooms by time, every
placement's warnings, and the endpoint (JSON for the page's script, a plain form without it) that
moves a session."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sessions.forms.schedule import LOCAL, PlacementForm
from sessions.models import Session
from sessions.rules.schedule import can_manage_programme
from sessions.selectors.schedule import draft_warnings
from sessions.selectors.schedule_grid import day_view, unplaced
from sessions.services import programme_draft
from sessions.views.common import forum_for, validation_errors


def _day(facts, value: str | None):
    for day in facts.days:
        if value and day.date.isoformat() == value:
            return day
    return facts.days[0] if facts.days else None


def warnings_json(warnings, facts) -> list[dict]:
    return [
        {
            "session": w.session_id,
            "title": facts.sessions[w.session_id].title,
            "kind": w.kind,
            "message": w.message,
        }
        for w in warnings
    ]


@login_required
@require_GET
def editor(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_programme)
    facts, placements, warnings = draft_warnings(forum)
    day = _day(facts, request.GET.get("day"))
    view = day_view(facts, placements, warnings, day) if day else None
    on_day = {b.session_id for b in view.blocks} if view else set()
    form_rows = [
        (b, PlacementForm(forum=forum, initial=_initial(b), prefix=f"s{b.session_id}"))
        for b in (view.blocks if view else []) + unplaced(facts, placements)
    ]
    if form_rows:
        # The rooms are read once for every form's select (each would query them again).
        rooms = list(form_rows[0][1].fields["room"].choices)
        for _b, form in form_rows:
            form.fields["room"].choices = rooms
    titles = {sid: s.title for sid, s in facts.sessions.items()}
    return render(
        request,
        "sessions/schedule/editor.html",
        {
            "forum": forum,
            "days": facts.days,
            "day": day,
            "view": view,
            "on_day": on_day,
            "form_rows": form_rows,
            "warnings": [(w, titles[w.session_id]) for w in warnings],
            "cancelled": [(sid, titles[sid]) for sid, p in placements.items() if p.cancelled],
            "place_url": reverse("schedule_place", kwargs={"slug": forum.slug}),
            "local_format": LOCAL,
        },
    )


def _initial(block) -> dict:
    return {
        "session": block.session_id,
        "room": block.room_id,
        "starts_at": block.starts_at,
        "action": "place",
    }


@login_required
@require_GET
def warnings_endpoint(request: HttpRequest, slug: str) -> JsonResponse:
    """Every warning of the draft, for the editor's script and other clients."""
    forum = forum_for(request, slug, can_manage_programme)
    facts, _placements, warnings = draft_warnings(forum)
    return JsonResponse({"warnings": warnings_json(warnings, facts)})


@login_required
@require_POST
def place(request: HttpRequest, slug: str) -> HttpResponse:
    """Move, unplace, cancel or pin one session. A JSON body gets a JSON answer with the session's
    warnings and the draft's; a form post goes back to the editor."""
    forum = forum_for(request, slug, can_manage_programme)
    wants_json = request.content_type == "application/json"
    if wants_json:
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return JsonResponse(
                {"errors": {"__all__": [_("The request is not JSON.")]}}, status=400
            )
        if not isinstance(data, dict):
            return JsonResponse(
                {"errors": {"__all__": [_("The request is not JSON.")]}}, status=400
            )
        prefix = None
    else:
        data = request.POST
        prefix = request.POST.get("prefix") or None
    form = PlacementForm(data, forum=forum, prefix=prefix)
    errors = None
    session = None
    if form.is_valid():
        session = (
            Session.objects.select_related("forum")
            .filter(forum=forum, pk=form.cleaned_data["session"])
            .first()
        )
        if session is None:
            raise Http404("No such session.")
        try:
            _apply(form.cleaned_data, session, request.user)
        except ValidationError as exc:
            errors = validation_errors(exc)
        except PermissionDenied as exc:
            raise Http404("No such page.") from exc
    else:
        errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
    day = (form.cleaned_data.get("starts_at") if not errors else None) or None
    if wants_json:
        if errors:
            return JsonResponse({"errors": errors}, status=400)
        facts, placements, warnings = draft_warnings(forum)
        p = placements[session.pk]
        return JsonResponse(
            {
                "session": session.pk,
                "placement": {
                    "room": p.room_id,
                    "starts_at": timezone.localtime(p.starts_at).strftime(LOCAL)
                    if p.starts_at
                    else None,
                    "cancelled": p.cancelled,
                },
                "warnings": warnings_json(
                    [w for w in warnings if w.session_id == session.pk], facts
                ),
                "draft_warnings": warnings_json(warnings, facts),
            }
        )
    if errors:
        for field, msgs in errors.items():
            for msg in msgs:
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {msg}" if label else msg)
    else:
        messages.success(request, _("“%(title)s” updated.") % {"title": session.title})
    target = reverse("schedule_editor", kwargs={"slug": forum.slug})
    if isinstance(day, dt.datetime):
        target += f"?day={timezone.localtime(day).date().isoformat()}"
    return redirect(target)


def _apply(data: dict, session: Session, by) -> None:
    action = data["action"]
    if action == "place":
        programme_draft.draft_place(
            session=session, room=data["room"], starts_at=data["starts_at"], by=by
        )
    elif action == "unplace":
        programme_draft.draft_unplace(session=session, by=by)
    elif action in ("cancel", "uncancel"):
        programme_draft.draft_cancel(session=session, cancelled=action == "cancel", by=by)
    else:
        programme_draft.session_pin(session=session, pinned=action == "pin", by=by)
