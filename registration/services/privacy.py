"""A participant's own data: everything held about them as JSON, and deleting their account.

Their live-room contributions stay after deletion, with no author: the live room shows them as
from a former participant.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import ForumRole, User
from registration.models import CheckIn, Registration, SeatSignup, VisaLetterRequest
from sessions.models import Proposal, ProposalOrganizer, ProposalPerson

#: What later apps hold about a person, by section of the export (the live rooms' chat and
#: questions, filled by remote_hubs.personal_data): registration comes before them and cannot
#: import them, so they register here from their AppConfig.ready.
_PERSONAL_DATA: dict[str, Callable[[User], Any]] = {}


def register_personal_data(key: str, collect: Callable[[User], Any]) -> None:
    """Add a section ``key`` to every person's data export: ``collect(user)``, JSON-ready."""
    _PERSONAL_DATA[key] = collect


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _proposals_of(user: User) -> list[dict[str, Any]]:
    """Proposals the person created or is named on (as an organizer or a session person)."""
    roles: dict[int, list[str]] = {}
    for proposal_id in Proposal.objects.filter(created_by=user).values_list("pk", flat=True):
        roles.setdefault(proposal_id, []).append("created_by")
    for proposal_id in ProposalOrganizer.objects.filter(user=user).values_list(
        "proposal_id", flat=True
    ):
        roles.setdefault(proposal_id, []).append("organizer")
    for proposal_id, role, confirmation in ProposalPerson.objects.filter(user=user).values_list(
        "proposal_id", "role", "confirmation"
    ):
        roles.setdefault(proposal_id, []).append(f"{role} ({confirmation})")
    proposals = Proposal.objects.filter(pk__in=roles).select_related("forum").order_by("pk")
    return [
        {
            "forum": p.forum.slug,
            "title": p.title,
            "status": p.status,
            "your_roles": roles[p.pk],
            "created_at": _iso(p.created_at),
            "submitted_at": _iso(p.submitted_at),
        }
        for p in proposals
    ]


def participant_data_export(*, user: User, by: User) -> dict[str, Any]:
    """Everything the platform's registration holds about ``user``, for ``user`` only."""
    if by.pk != user.pk:
        raise PermissionDenied
    registrations = Registration.objects.filter(user=user).select_related("forum")
    visa = {v.registration_id: v for v in VisaLetterRequest.objects.filter(registration__user=user)}
    checkins: dict[int, list[str]] = {}
    for c in CheckIn.objects.filter(registration__user=user).order_by("day"):
        checkins.setdefault(c.registration_id, []).append(c.day.isoformat())
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "name": user.name,
            "organisation": user.organisation,
            "stakeholder_group": user.stakeholder_group.code if user.stakeholder_group else None,
            "country": user.country.code if user.country else None,
            "regional_group": user.regional_group.code if user.regional_group else None,
            "gender": user.gender,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "roles": [
            {"forum": r.forum.slug, "role": r.role}
            for r in ForumRole.objects.filter(user=user).select_related("forum")
        ],
        "registrations": [
            {
                "forum": r.forum.slug,
                "attendance": r.attendance,
                "status": r.status,
                "via_hub": r.via_hub,
                "gender": r.gender,
                "gender_self_described": r.gender_self_described,
                "first_time": r.first_time,
                "accessibility_needs": r.accessibility_needs,
                "public_listing": r.public_listing,
                "privacy_notice_version": r.privacy_notice_version,
                "consented_at": _iso(r.consented_at),
                "decided_at": _iso(r.decided_at),
                "decision_reason": r.decision_reason,
                "created_at": _iso(r.created_at),
                "updated_at": _iso(r.updated_at),
                "check_ins": checkins.get(r.pk, []),
                "visa_letter": (
                    {
                        "passport_number": visa[r.pk].passport_number,
                        "nationality": visa[r.pk].nationality,
                        "requested_at": _iso(visa[r.pk].requested_at),
                    }
                    if r.pk in visa
                    else None
                ),
            }
            for r in registrations
        ],
        "seat_signups": [
            {
                "session": s.capacity.session.title,
                "status": s.status,
                "created_at": _iso(s.created_at),
            }
            for s in SeatSignup.objects.filter(user=user).select_related("capacity__session")
        ],
        "proposals": _proposals_of(user),
        **{key: collect(user) for key, collect in sorted(_PERSONAL_DATA.items())},
    }


def account_delete(*, user: User, by: User, password: str) -> None:
    """Delete ``user``'s account and what registration holds about them. Asks for the password,
    so that a session left open is not enough. Refused while the account is named on records
    others rely on (a proposal, a MAG review): the secretariat must reassign those first."""
    if by.pk != user.pk:
        raise PermissionDenied
    if not user.check_password(password):
        raise ValidationError({"password": _("This is not your password.")})
    try:
        with transaction.atomic():
            user.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _(
                "Your account is named on proposals or reviews the forum keeps. Ask the "
                "secretariat to remove you from them, then delete your account."
            ),
            code="protected",
        ) from exc
