"""Pages of remote hubs and the live room. The live room itself talks over /ws/live/<id>/."""

from __future__ import annotations

import csv
import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum.security import csp_allow_frame
from forum.selectors import forum_for_viewer
from forum.spreadsheets import spreadsheet_safe
from forum.validators import clean_query
from remote_hubs import rules as hub_rules
from remote_hubs.forms import AttendanceForm, HubRegistrationForm
from remote_hubs.models import Hub, Poll
from remote_hubs.selectors import (
    approved_hubs,
    hub_for_manager,
    hubs_of_coordinator,
    live_access_or_404,
    live_phase,
    sessions_with_live_rooms,
)
from remote_hubs.services import hubs as hub_services
from remote_hubs.services.live.base import LiveError, live_settings_for
from remote_hubs.services.live.polls import poll_results
from remote_hubs.services.live.presence import hub_attendance_report
from sessions.models import Session


def live_room(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    access = live_access_or_404(slug=slug, session_id=session_id, viewer=request.user)
    # The page frames this session's webcast player: the policy allows its origin, only here.
    csp_allow_frame(request, access.session.embed_url)
    hubs = list(approved_hubs(forum=access.session.forum).values("pk", "city"))
    config = {
        "wsPath": f"/ws/live/{access.session.pk}/",
        "moderator": access.moderator,
        "participant": access.participant,
        "exportUrl": f"{access.session.get_live_url()}polls/",
    }
    return render(
        request,
        "remote_hubs/live_room.html",
        {
            "session": access.session,
            "access": access,
            "hubs": hubs,
            "live_config": config,
            "phase": live_phase(access.session),
            "settings_row": live_settings_for(forum=access.session.forum),
        },
    )


def live_projector(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    access = live_access_or_404(slug=slug, session_id=session_id, viewer=request.user)
    return render(
        request,
        "remote_hubs/projector.html",
        {
            "session": access.session,
            "live_config": {"wsPath": f"/ws/live/{access.session.pk}/", "projector": True},
        },
    )


def poll_export(request: HttpRequest, slug: str, session_id: int, poll_id: int) -> HttpResponse:
    access = live_access_or_404(slug=slug, session_id=session_id, viewer=request.user)
    if not access.moderator:
        raise PermissionDenied
    poll = get_object_or_404(Poll, room=access.room, pk=poll_id)
    results = poll_results(poll)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(["poll", spreadsheet_safe(poll.question)])
    writer.writerow(["kind", poll.kind])
    writer.writerow(["status", poll.status])
    writer.writerow(["votes", results["votes"]])
    if "counts" in results:
        labels = poll.options or [str(n) for n in range(1, poll.scale_max + 1)]
        writer.writerow(["answer", "count"])
        for label, count in zip(labels, results["counts"], strict=True):
            writer.writerow([spreadsheet_safe(label), count])
    elif "words" in results:
        writer.writerow(["word", "count"])
        for word, count in results["words"]:
            writer.writerow([spreadsheet_safe(word), count])
    else:
        writer.writerow(["answer"])
        for answer in results["answers"]:
            writer.writerow([spreadsheet_safe(answer)])
    return response


def hub_list(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    hubs = list(approved_hubs(forum=forum))
    points = [
        {
            # An equirectangular projection on a 360 x 180 view box: no map tiles needed.
            "x": round(float(h.longitude) + 180, 2),
            "y": round(90 - float(h.latitude), 2),
            "label": str(h),
        }
        for h in hubs
        if h.latitude is not None and h.longitude is not None
    ]
    return render(
        request,
        "remote_hubs/hub_list.html",
        {
            "forum": forum,
            "hubs": hubs,
            "points": points,
            "my_hubs": hubs_of_coordinator(forum=forum, viewer=request.user),
            "may_decide": hub_rules.can_decide_hubs.test(request.user, forum),
            "pending": Hub.objects.filter(forum=forum, status=Hub.Status.PENDING)
            if hub_rules.can_decide_hubs.test(request.user, forum)
            else [],
        },
    )


@login_required
def hub_register(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    form = HubRegistrationForm(
        request.POST or None, forum=forum, initial={"time_zone": forum.timezone}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hub = hub_services.hub_register(
                forum=forum,
                by=request.user,
                **{k: v for k, v in data.items() if k != "planned_sessions"},
                planned_sessions=data["planned_sessions"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The secretariat will review your hub."))
            return redirect("hub_manage", slug=forum.slug, hub_id=hub.pk)
    return render(request, "remote_hubs/hub_register.html", {"forum": forum, "form": form})


@require_POST
@login_required
def hub_decide(request: HttpRequest, slug: str, hub_id: int) -> HttpResponse:
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    if not hub_rules.can_decide_hubs.test(request.user, forum):
        raise Http404("No such hub.")
    hub = get_object_or_404(Hub, forum=forum, pk=hub_id)
    try:
        hub_services.hub_decide(
            hub=hub, by=request.user, approve=request.POST.get("approve") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Decision recorded; the coordinator will receive a mail."))
    return redirect("hub_list", slug=forum.slug)


@login_required
def hub_manage(request: HttpRequest, slug: str, hub_id: int) -> HttpResponse:
    """The hub coordinator's page: the agenda in the hub's local time and people present."""
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    hub = hub_for_manager(forum=forum, hub_id=hub_id, viewer=request.user)
    if request.method == "POST":
        form = AttendanceForm(request.POST)
        if form.is_valid():
            session = Session.objects.filter(forum=forum, pk=form.cleaned_data["session"]).first()
            if session is None:
                raise Http404("No such session.")
            try:
                hub_attendance_report(
                    hub=hub, session=session, by=request.user, people=form.cleaned_data["people"]
                )
            except LiveError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Attendance saved."))
            return redirect("hub_manage", slug=forum.slug, hub_id=hub.pk)
    tz = zoneinfo.ZoneInfo(hub.time_zone)

    def shown(session) -> bool:
        return bool(session.published and session.is_scheduled)

    latest: dict[int, int] = {}
    for report in hub.attendance.all():  # newest first
        latest.setdefault(report.session_id, report.people)
    agenda = [
        {
            "session": session,
            # Times only from the published programme: before it, "to be scheduled".
            "local_start": session.starts_at.astimezone(tz) if shown(session) else None,
            "local_end": session.ends_at.astimezone(tz) if shown(session) else None,
            "people": latest.get(session.pk),
        }
        for session in hub.planned_sessions.all()
    ]
    return render(
        request,
        "remote_hubs/hub_manage.html",
        {"forum": forum, "hub": hub, "agenda": agenda},
    )


def live_sessions(request: HttpRequest, slug: str) -> HttpResponse:
    """The forum's sessions with their live rooms (until the full programme exists)."""
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    query, query_error = clean_query(request.GET.get("q", "").strip()[:200])
    sessions = sessions_with_live_rooms(forum=forum, viewer=request.user, query=query)
    for session in sessions:
        session.live_phase = live_phase(session)
    return render(
        request,
        "remote_hubs/live_sessions.html",
        {"forum": forum, "sessions": sessions, "query": query, "query_error": query_error},
    )
