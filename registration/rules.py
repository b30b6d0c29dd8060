"""Permissions of registration: who counts as a registered participant of a forum, who may
register, decide, check in and see the registrant list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import rules

from forum.models import ForumRole
from forum.rules import forum_of, is_active_user, is_secretariat, roles_of
from registration.models import Registration, RegistrationSettings


def approved_forum_ids(user) -> frozenset[int]:
    """Forums where ``user`` holds an approved registration (cached on the user object)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_plenaria_registered", None)
    if cached is None:
        cached = frozenset(
            Registration.objects.filter(user=user, status=Registration.Status.APPROVED).values_list(
                "forum_id", flat=True
            )
        )
        user._plenaria_registered = cached
    return cached


def forget_registrations(user) -> None:
    """Drop the cached registrations, after one changed."""
    if hasattr(user, "_plenaria_registered"):
        del user._plenaria_registered


@rules.predicate
def is_registered_participant(user, obj: Any = None) -> bool:
    forum = forum_of(obj)
    return forum is not None and forum.pk in approved_forum_ids(user)


@rules.predicate
def has_verified_address(user, obj: Any = None) -> bool:
    """An account is active only once its owner followed the link mailed to the address
    (forum.accounts): being active is the proof that the address is theirs."""
    return is_active_user(user)


@rules.predicate
def is_registration_desk(user, obj: Any = None) -> bool:
    return ForumRole.Role.REGISTRATION_DESK in roles_of(user, forum_of(obj))


@rules.predicate
def owns_registration(user, registration) -> bool:
    return bool(
        registration is not None and user.is_authenticated and registration.user_id == user.pk
    )


def window_state(
    *, settings_row: RegistrationSettings | None, attendance: str, now: dt.datetime
) -> str:
    """ "open", "not-yet" or "closed" for one kind of registration at ``now``."""
    if settings_row is None:
        return "closed"
    opens, closes = settings_row.window(attendance)
    if opens is None or now < opens:
        return "not-yet" if opens is not None else "closed"
    if closes is not None and now >= closes:
        return "closed"
    return "open"


#: Kinds of registration that come to the venue, and so get a badge.
AT_THE_VENUE = (Registration.Attendance.ONSITE, Registration.Attendance.PRESS)


@rules.predicate
def is_approved_at_venue(user, registration) -> bool:
    return bool(
        registration is not None
        and registration.status == Registration.Status.APPROVED
        and registration.attendance in AT_THE_VENUE
    )


@rules.predicate
def is_approved_onsite(user, registration) -> bool:
    return bool(
        registration is not None
        and registration.status == Registration.Status.APPROVED
        and registration.attendance == Registration.Attendance.ONSITE
    )


can_register = has_verified_address
can_manage_registrations = is_secretariat
can_check_in = is_registration_desk | is_secretariat
can_see_own_registration = owns_registration & has_verified_address
can_get_badge = owns_registration & is_approved_at_venue
can_request_visa_letter = owns_registration & is_approved_onsite

rules.add_perm("registration.register", can_register)
rules.add_perm("registration.manage", can_manage_registrations)
rules.add_perm("registration.check_in", can_check_in)
