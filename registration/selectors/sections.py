"""What the forum's home page shows of registration."""

from __future__ import annotations

from django.utils import timezone

from forum.models import Forum
from registration.models import Registration
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
