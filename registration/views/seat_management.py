"""The secretariat's seat management: the seats of each session, who holds them and who
waits, set or change the seats, release a seat, give a seat to someone on the waitlist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from registration.forms import SeatsForm
from registration.models import SeatSignup
from registration.rules import can_manage_registrations
from registration.selectors.registrations import (
    seat_holders,
    seat_session_for_secretariat,
    seat_sessions_for_secretariat,
)
from registration.services import capacity
from registration.views.common import forum_for


@login_required
@require_http_methods(["GET"])
def seat_sessions(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_registrations)
    return render(
        request,
        "registration/seats/manage_list.html",
        {
            "forum": forum,
            "sessions": seat_sessions_for_secretariat(forum=forum, viewer=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def seat_session(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_registrations)
    session = seat_session_for_secretariat(forum=forum, viewer=request.user, session_id=session_id)
    current = getattr(session, "capacity", None)
    form = SeatsForm(
        request.POST if request.method == "POST" else None,
        initial={"seats": current.seats if current else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            capacity.capacity_change(
                session=session, seats=form.cleaned_data["seats"], by=request.user
            )
        except ValidationError as exc:
            form.add_error("seats", exc.messages)
        else:
            messages.success(request, _("The seats are saved."))
            return redirect("registration_seat_session", slug=slug, session_id=session.pk)
    confirmed, waitlisted = seat_holders(session=session)
    return render(
        request,
        "registration/seats/manage_session.html",
        {
            "forum": forum,
            "session": session,
            "capacity": current,
            "form": form,
            "confirmed": confirmed,
            "waitlisted": waitlisted,
        },
    )


def _signup(request: HttpRequest, slug: str, session_id: int, signup_id: int) -> SeatSignup:
    forum = forum_for(request, slug, can_manage_registrations)
    session = seat_session_for_secretariat(forum=forum, viewer=request.user, session_id=session_id)
    signup = (
        SeatSignup.objects.select_related("user", "capacity__session__forum")
        .filter(pk=signup_id, capacity__session=session)
        .first()
    )
    if signup is None:
        raise Http404("No such sign-up.")
    return signup


@login_required
@require_POST
def seat_release(request: HttpRequest, slug: str, session_id: int, signup_id: int) -> HttpResponse:
    signup = _signup(request, slug, session_id, signup_id)
    try:
        capacity.seat_release(signup=signup, by=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("The place of %(name)s is released.") % {"name": signup.user.name})
    return redirect("registration_seat_session", slug=slug, session_id=session_id)


@login_required
@require_POST
def seat_promote(request: HttpRequest, slug: str, session_id: int, signup_id: int) -> HttpResponse:
    signup = _signup(request, slug, session_id, signup_id)
    try:
        capacity.seat_promote(signup=signup, by=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s has a seat now.") % {"name": signup.user.name})
    return redirect("registration_seat_session", slug=slug, session_id=session_id)
