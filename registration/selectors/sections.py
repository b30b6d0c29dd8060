"""What the forum's home page shows of registration."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from forum.models import Forum
from registration.models import Registration, RegistrationSettings, SeatSignup, SessionCapacity
from registration.rules import can_check_in, can_manage_registrations, window_state
from registration.selectors.registrations import registration_of, registration_settings_for


def registration_section_for(*, forum: Forum, viewer) -> dict | None:
    settings_row = registration_settings_for(forum=forum)
    if settings_row is None:
        return None
    now = timezone.now()
    windows = {
        kind: (label, window_state(settings_row=settings_row, attendance=kind, now=now))
        for kind, label in Registration.Attendance.choices
    }
    return {
        "forum": forum,
        "settings_row": settings_row,
        "windows": windows,
        "any_open": any(state == "open" for _label, state in windows.values()),
        "mine": registration_of(forum=forum, viewer=viewer),
        "secretariat": can_manage_registrations.test(viewer, forum),
        "desk": can_check_in.test(viewer, forum),
    }


def seat_panel_for(*, session, viewer) -> dict | None:
    """What the public session page shows of registration for ``viewer``: the seats of a
    session that takes sign-ups (seats left, the viewer's seat or waitlist place) and, for a
    viewer not registered for the forum, the way to register. None when there is nothing to
    show (no seats and the viewer registered, or the forum takes no registrations)."""
    capacity = (
        SessionCapacity.objects.filter(session_id=session.pk)
        .annotate(
            waitlisted=Count("signups", filter=Q(signups__status=SeatSignup.Status.WAITLISTED))
        )
        .first()
    )
    mine = None
    if capacity is not None and viewer.is_authenticated:
        mine = (
            SeatSignup.objects.filter(capacity=capacity, user=viewer)
            .exclude(status=SeatSignup.Status.CANCELLED)
            .only("pk", "status")
            .first()
        )
    registration = registration_of(forum=session.forum, viewer=viewer)
    registered = registration is not None and registration.status == Registration.Status.APPROVED
    takes_registrations = RegistrationSettings.objects.filter(forum=session.forum).exists()
    if capacity is None and (registered or not takes_registrations):
        return None
    return {
        "forum": session.forum,
        "session_id": session.pk,
        "capacity": capacity,
        "seats_left": max(capacity.seats - capacity.confirmed, 0) if capacity else None,
        "mine": mine,
        "registered": registered,
        "registration": registration,
        "takes_registrations": takes_registrations,
        "authenticated": viewer.is_authenticated,
    }


def seat_panel_stamp(*, panel: dict | None) -> str:
    """A string, from what :func:`seat_panel_for` gave, that changes whenever it would show
    something else."""
    if panel is None:
        return "-"
    capacity, mine, registration = panel["capacity"], panel["mine"], panel["registration"]
    return ".".join(
        str(part)
        for part in (
            f"{capacity.seats}/{capacity.confirmed}/{capacity.waitlisted}" if capacity else "n",
            f"{mine.pk}{mine.status}" if mine else "m",
            registration.status if registration else "r",
            int(panel["takes_registrations"]),
        )
    )
