"""Writes of people's declared unavailability: the secretariat enters when a speaker, moderator or
organizer cannot take part (the scheduler and the editor's warnings honour it)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from forum.models import Forum, User
from sessions.models import PersonUnavailability
from sessions.rules.schedule import can_manage_programme


def _check(by: User | None, forum: Forum) -> None:
    if by is not None and not can_manage_programme.test(by, forum):
        raise PermissionDenied(_("Only the forum's secretariat may change the programme."))


@transaction.atomic
def person_unavailability_add(
    *, forum: Forum, email: str, starts_at, ends_at, note: str = "", by: User | None
) -> PersonUnavailability:
    """Record that the person known by ``email`` (and their account, when one has that address)
    cannot take part between ``starts_at`` and ``ends_at``."""
    _check(by, forum)
    email = (email or "").strip()
    if not email:
        raise ValidationError({"email": _("Give the person's email address.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The period must end after it starts.")})
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    return PersonUnavailability.objects.create(
        forum=forum,
        email=user.email if user else email,
        user=user,
        starts_at=starts_at,
        ends_at=ends_at,
        note=(note or "").strip(),
    )


@transaction.atomic
def person_unavailability_delete(*, forum: Forum, pk: int, by: User | None) -> None:
    _check(by, forum)
    PersonUnavailability.objects.filter(forum=forum, pk=pk).delete()
