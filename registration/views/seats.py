"""Seats of sessions with a limited capacity: sign up, give a seat up, see one's own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from forum.rules import can_view_forum
from registration.models import SeatSignup
from registration.selectors.registrations import seat_signups_of, sessions_with_seats
from registration.services import capacity
from registration.views.common import forum_for, safe_next


@login_required
@require_http_methods(["GET"])
def my_seats(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_view_forum)
    return render(
        request,
        "registration/seats/mine.html",
        {
            "forum": forum,
            "signups": seat_signups_of(forum=forum, viewer=request.user),
            "sessions": sessions_with_seats(forum=forum, viewer=request.user),
        },
    )


@login_required
@require_POST
def seat_signup(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    forum = forum_for(request, slug, can_view_forum)
    session = next(
        (s for s in sessions_with_seats(forum=forum, viewer=request.user) if s.pk == session_id),
        None,
    )
    if session is None:
        raise Http404("No such session.")
    try:
        signup = capacity.seat_signup(session=session, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        if signup.status == SeatSignup.Status.CONFIRMED:
            messages.success(request, _("Your seat is confirmed."))
        else:
            messages.info(request, _("The session is full: you are on the waitlist."))
    return redirect(safe_next(request, request.POST.get("next")) or "registration_seats", slug=slug)


@login_required
@require_POST
def seat_cancel(request: HttpRequest, slug: str, signup_id: int) -> HttpResponse:
    forum = forum_for(request, slug, can_view_forum)
    signup = get_object_or_404(
        SeatSignup, pk=signup_id, user=request.user, capacity__session__forum=forum
    )
    capacity.seat_cancel(signup=signup, by=request.user)
    messages.success(request, _("You gave up your place."))
    return redirect(safe_next(request, request.POST.get("next")) or "registration_seats", slug=slug)
