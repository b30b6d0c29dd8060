"""Registrations as the participant and the secretariat read them."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from forum import regions
from forum.models import Forum
from forum.rules import is_secretariat
from registration.models import Registration, RegistrationSettings, SeatSignup
from registration.rules import can_check_in, can_manage_registrations
from sessions.models import Session


def registration_settings_for(*, forum: Forum) -> RegistrationSettings | None:
    return RegistrationSettings.objects.filter(forum=forum).first()


def registration_of(*, forum: Forum, viewer) -> Registration | None:
    """The viewer's own registration for ``forum`` (whatever its status), or None."""
    if not viewer.is_authenticated:
        return None
    return (
        Registration.objects.select_related("forum", "user", "user__stakeholder_group")
        .filter(forum=forum, user=viewer)
        .first()
    )


def seat_signups_of(*, forum: Forum, viewer) -> QuerySet[SeatSignup]:
    if not viewer.is_authenticated:
        return SeatSignup.objects.none()
    return (
        SeatSignup.objects.filter(capacity__session__forum=forum, user=viewer)
        .exclude(status=SeatSignup.Status.CANCELLED)
        .select_related("capacity__session")
        .order_by("capacity__session__starts_at", "pk")
    )


@dataclass(frozen=True)
class RegistrantFilters:
    q: str = ""
    status: str = ""
    attendance: str = ""
    stakeholder_group: str = ""
    regional_group: str = ""
    first_time: bool | None = None


def registrants_for(*, forum: Forum, viewer, filters: RegistrantFilters) -> QuerySet[Registration]:
    """The secretariat's list: every registration of ``forum`` matching ``filters``, with the
    person and their groups loaded in the same query and the regional group by the one rule."""
    if not can_manage_registrations.test(viewer, forum):
        raise PermissionDenied
    qs = regions.annotate_regional_group(
        Registration.objects.filter(forum=forum).select_related(
            "user", "user__stakeholder_group", "forum"
        ),
        prefix="user__",
    )
    if filters.q:
        q = filters.q.strip()
        qs = qs.filter(
            Q(user__name__icontains=q)
            | Q(user__email__icontains=q)
            | Q(user__organisation__icontains=q)
        )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.attendance:
        qs = qs.filter(attendance=filters.attendance)
    if filters.stakeholder_group:
        qs = qs.filter(user__stakeholder_group__code=filters.stakeholder_group)
    if filters.regional_group:
        qs = qs.filter(regional_group_code=filters.regional_group)
    if filters.first_time is not None:
        qs = qs.filter(first_time=filters.first_time)
    return qs.order_by("-created_at", "-pk")


def registration_for_secretariat(*, forum: Forum, viewer, registration_id: int) -> Registration:
    if not can_manage_registrations.test(viewer, forum):
        raise PermissionDenied
    return get_object_or_404(
        Registration.objects.select_related("user", "forum", "user__stakeholder_group"),
        forum=forum,
        pk=registration_id,
    )


def require_check_in(*, forum: Forum, viewer) -> None:
    if not can_check_in.test(viewer, forum):
        raise PermissionDenied


def sessions_with_seats(*, forum: Forum, viewer) -> list:
    """The forum's sessions that take sign-ups and the viewer may see, with their seats."""
    qs = Session.objects.filter(forum=forum, capacity__isnull=False).select_related(
        "capacity", "room", "forum"
    )
    if not is_secretariat.test(viewer, forum):
        qs = qs.filter(is_public=True, is_cancelled=False)
    return list(qs.order_by("starts_at", "title", "pk"))


def seat_sessions_for_secretariat(*, forum: Forum, viewer) -> QuerySet[Session]:
    """Every session of ``forum`` with its seats and waitlist count (secretariat only)."""
    if not can_manage_registrations.test(viewer, forum):
        raise PermissionDenied
    return (
        Session.objects.filter(forum=forum)
        .select_related("capacity", "room")
        .annotate(
            waitlisted=Count(
                "capacity__signups",
                filter=Q(capacity__signups__status=SeatSignup.Status.WAITLISTED),
            )
        )
        .order_by("starts_at", "title", "pk")
    )


def seat_session_for_secretariat(*, forum: Forum, viewer, session_id: int) -> Session:
    if not can_manage_registrations.test(viewer, forum):
        raise PermissionDenied
    return get_object_or_404(
        Session.objects.select_related("forum", "room"), forum=forum, pk=session_id
    )


def seat_holders(*, session: Session) -> tuple[list[SeatSignup], list[SeatSignup]]:
    """(confirmed, waitlisted) sign-ups of ``session``, the waitlist in its serving order."""
    signups = list(
        SeatSignup.objects.filter(capacity__session=session)
        .exclude(status=SeatSignup.Status.CANCELLED)
        .select_related("user", "user__stakeholder_group")
        .order_by("created_at", "pk")
    )
    return (
        [s for s in signups if s.status == SeatSignup.Status.CONFIRMED],
        [s for s in signups if s.status == SeatSignup.Status.WAITLISTED],
    )
