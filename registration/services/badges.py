"""Onsite badges: a code signed with the site's key (a forged or altered code is refused), the
badge as PDF, and the check-in at the registration desk (once per person per day)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import segno
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Forum, User
from registration.models import CheckIn, Registration
from registration.rules import AT_THE_VENUE, can_check_in

BADGE_SALT = "plenaria.registration.badge"


def badge_code(registration: Registration) -> str:
    """The text in a badge's QR code: the registration and forum, signed."""
    return signing.dumps([registration.pk, registration.forum_id], salt=BADGE_SALT, compress=True)


def badge_registration(*, forum: Forum, code: str) -> Registration:
    """The approved onsite or press registration of ``forum`` a badge code names.

    Raises ValidationError for a code that is not genuine, of another forum, or of a
    registration that is not (or no longer) approved."""
    try:
        registration_id, forum_id = signing.loads(code.strip(), salt=BADGE_SALT)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise ValidationError(_("This badge code is not genuine."), code="forged") from exc
    registration = (
        Registration.objects.select_related("user", "forum", "user__stakeholder_group")
        .filter(pk=registration_id, forum_id=forum_id)
        .first()
    )
    if registration is None or forum_id != forum.pk:
        raise ValidationError(_("This badge is not for this forum."), code="other-forum")
    if not admitted_at_venue(registration):
        raise ValidationError(
            _("This registration is not approved for the venue."), code="inactive"
        )
    return registration


def admitted_at_venue(registration: Registration) -> bool:
    """Whether the registration's badge lets its holder in: approved, onsite or press."""
    return (
        registration.status == Registration.Status.APPROVED
        and registration.attendance in AT_THE_VENUE
    )


def checkin_day(*, forum: Forum, now: dt.datetime) -> dt.date:
    """The forum day a check-in at ``now`` counts for (the date in the forum's zone)."""
    return timezone.localdate(now, timezone=forum.tzinfo)


def badge_category(registration: Registration) -> str:
    if registration.attendance == Registration.Attendance.PRESS:
        return _("Press")
    group = registration.user.stakeholder_group
    return group.name if group else _("Participant")


def badge_pdf(*, registration: Registration) -> bytes:
    from weasyprint import HTML  # heavy import; only badge and letter pages need it

    code = badge_code(registration)
    html = render_to_string(
        "registration/pdf/badge.html",
        {
            "registration": registration,
            "category": badge_category(registration),
            "qr": segno.make(code, error="m").svg_data_uri(scale=4, border=2),
            "code": code,
        },
    )
    return HTML(string=html).write_pdf()


@dataclass(frozen=True)
class CheckInResult:
    registration: Registration
    checkin: CheckIn
    #: False for a badge already scanned today: nothing more was recorded.
    recorded: bool


def checkin_record(
    *, forum: Forum, code: str, by: User, now: dt.datetime | None = None
) -> CheckInResult:
    if not can_check_in.test(by, forum):
        raise PermissionDenied
    now = now or timezone.now()
    registration = badge_registration(forum=forum, code=code)
    day = checkin_day(forum=forum, now=now)
    # get_or_create retries the read when a simultaneous scan won the insert (the constraint).
    with transaction.atomic():
        checkin, created = CheckIn.objects.get_or_create(
            registration=registration, day=day, defaults={"checked_in_at": now, "by": by}
        )
    return CheckInResult(registration=registration, checkin=checkin, recorded=created)
