"""Registering for a forum: onsite, online or press, each in its own window; the secretariat's
decision on onsite and press registrations; updates and cancellation by the participant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.mail import absolute_url, mail_queue
from forum.models import Forum, User
from registration.models import Gender, Registration, RegistrationSettings
from registration.rules import (
    can_manage_registrations,
    can_register,
    forget_registrations,
    window_state,
)

#: The profile fields a registration form edits on the person's account.
PROFILE_FIELDS = ("name", "organisation", "stakeholder_group", "country")
#: The registration's own fields a participant fills in.
REGISTRATION_FIELDS = (
    "via_hub",
    "gender",
    "gender_self_described",
    "first_time",
    "accessibility_needs",
    "public_listing",
)
#: A registration that holds a place (so counts towards the onsite cap and cannot be repeated).
ACTIVE = (Registration.Status.PENDING, Registration.Status.APPROVED)


def registration_settings_set(*, forum: Forum, by: User, **fields: Any) -> RegistrationSettings:
    if not can_manage_registrations.test(by, forum):
        raise PermissionDenied
    row, _created = RegistrationSettings.objects.update_or_create(forum=forum, defaults=fields)
    row.full_clean()
    return row


def _clean_gender(data: dict) -> None:
    if data.get("gender") != Gender.SELF_DESCRIBED:
        data["gender_self_described"] = ""
    elif not (data.get("gender_self_described") or "").strip():
        raise ValidationError(
            {"gender_self_described": _("Describe your gender, or choose another answer.")}
        )


def registration_details(details: dict | None) -> dict:
    """The participant's own fields of ``details``, the rest dropped; raises ValidationError for
    a self-described gender left empty."""
    details = {k: v for k, v in (details or {}).items() if k in REGISTRATION_FIELDS}
    _clean_gender(details)
    return details


def onsite_is_full(*, settings_row: RegistrationSettings, active_onsite: int) -> bool:
    """Whether the venue's cap is reached with ``active_onsite`` onsite registrations holding a
    place (pending or approved)."""
    return settings_row.onsite_cap is not None and active_onsite >= settings_row.onsite_cap


def apply_submission(
    registration: Registration,
    *,
    attendance: str,
    settings_row: RegistrationSettings,
    details: dict,
    now: dt.datetime,
) -> Registration:
    """Set ``registration`` (unsaved changes, no query) as submitted at ``now`` with the cleaned
    ``details``: online is approved at once, onsite and press wait for the secretariat."""
    for field, value in details.items():
        setattr(registration, field, value)
    registration.attendance = attendance
    registration.status = (
        Registration.Status.PENDING if registration.needs_approval else Registration.Status.APPROVED
    )
    registration.privacy_notice_version = settings_row.privacy_notice_version
    registration.consented_at = now
    registration.decided_at = None if registration.needs_approval else now
    registration.decided_by = None
    registration.decision_reason = ""
    registration.updated_at = now
    return registration


def apply_decision(
    registration: Registration, *, by: User, approve: bool, reason: str, now: dt.datetime
) -> Registration:
    """Set the secretariat's decision on ``registration`` (unsaved changes, no query)."""
    registration.status = Registration.Status.APPROVED if approve else Registration.Status.REJECTED
    registration.decided_at = now
    registration.decided_by = by
    registration.decision_reason = reason.strip()
    registration.updated_at = now
    return registration


def apply_cancellation(registration: Registration, *, now: dt.datetime) -> Registration:
    """Set ``registration`` cancelled by its participant at ``now`` (unsaved, no query)."""
    registration.status = Registration.Status.CANCELLED
    registration.updated_at = now
    return registration


def _save_profile(user: User, profile: dict) -> None:
    changed = [f for f in PROFILE_FIELDS if f in profile]
    for field in changed:
        setattr(user, field, profile[field])
    if changed:
        user.save(update_fields=changed)


@transaction.atomic
def registration_submit(
    *,
    forum: Forum,
    by: User,
    attendance: str,
    consent: bool,
    profile: dict | None = None,
    details: dict | None = None,
    now: dt.datetime | None = None,
    notify: bool = True,
) -> Registration:
    """Register ``by`` for ``forum``. Online is confirmed at once; onsite and press wait for the
    secretariat. Raises ValidationError (closed window, full venue, no consent, already
    registered) or PermissionDenied (an address not verified)."""
    now = now or timezone.now()
    if not can_register.test(by, forum):
        raise PermissionDenied(_("Confirm your email address before you register."))
    if attendance not in Registration.Attendance.values:
        raise ValidationError({"attendance": _("Choose how you will take part.")})
    # Under a cap, the settings row is the lock that keeps simultaneous onsite registrations
    # within it; other kinds have no shared count, so they take no lock and never queue.
    settings_qs = RegistrationSettings.objects.filter(forum=forum)
    if attendance == Registration.Attendance.ONSITE:
        settings_qs = settings_qs.select_for_update()
    settings_row = settings_qs.first()
    state = window_state(settings_row=settings_row, attendance=attendance, now=now)
    if state != "open":
        raise ValidationError(
            {
                "attendance": ValidationError(
                    _("This kind of registration is not open now."), code=state
                )
            }
        )
    if not consent:
        raise ValidationError({"consent": _("Registration needs your consent to the notice.")})
    details = registration_details(details)
    registration = Registration.objects.select_for_update().filter(forum=forum, user=by).first()
    if registration is not None and registration.status in ACTIVE:
        raise ValidationError(_("You are already registered for this forum."), code="registered")
    if (
        attendance == Registration.Attendance.ONSITE
        and settings_row.onsite_cap is not None
        and onsite_is_full(
            settings_row=settings_row,
            active_onsite=Registration.objects.filter(
                forum=forum, attendance=attendance, status__in=ACTIVE
            ).count(),
        )
    ):
        raise ValidationError(
            {
                "attendance": ValidationError(
                    _("Onsite registration is full. You can still register online."), code="full"
                )
            }
        )
    _save_profile(by, profile or {})
    registration = registration or Registration(forum=forum, user=by, created_at=now)
    apply_submission(
        registration, attendance=attendance, settings_row=settings_row, details=details, now=now
    )
    registration.save()
    forget_registrations(by)
    if notify:
        _mail_received(registration)
    return registration


@transaction.atomic
def registration_update(
    *,
    registration: Registration,
    by: User,
    profile: dict | None = None,
    details: dict | None = None,
) -> Registration:
    """The participant corrects their data; the kind of registration and its status stay."""
    if registration.user_id != by.pk:
        raise PermissionDenied
    if registration.status not in ACTIVE:
        raise ValidationError(_("This registration is no longer active."))
    details = {k: v for k, v in (details or {}).items() if k in REGISTRATION_FIELDS}
    if "gender" in details:
        _clean_gender(details)
    _save_profile(by, profile or {})
    for field, value in details.items():
        setattr(registration, field, value)
    registration.updated_at = timezone.now()
    registration.save()
    return registration


@transaction.atomic
def registration_cancel(
    *, registration: Registration, by: User, now: dt.datetime | None = None
) -> Registration:
    if registration.user_id != by.pk:
        raise PermissionDenied
    if registration.status not in ACTIVE:
        raise ValidationError(_("This registration is no longer active."))
    apply_cancellation(registration, now=now or timezone.now())
    registration.save(update_fields=["status", "updated_at"])
    forget_registrations(by)
    return registration


@transaction.atomic
def registration_decide(
    *,
    registration: Registration,
    by: User,
    approve: bool,
    reason: str = "",
    now: dt.datetime | None = None,
    notify: bool = True,
) -> Registration:
    """Approve or decline a pending onsite or press registration; the person sees the reason."""
    if not can_manage_registrations.test(by, registration.forum):
        raise PermissionDenied
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.PENDING:
        raise ValidationError(_("Only a pending registration can be decided."), code="decided")
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Tell the person why their registration is declined.")})
    apply_decision(registration, by=by, approve=approve, reason=reason, now=now or timezone.now())
    registration.save()
    forget_registrations(registration.user)
    if notify:
        _mail_decision(registration)
    return registration


def registrations_decide_bulk(
    *, forum: Forum, by: User, ids: Iterable[int], approve: bool, reason: str = ""
) -> int:
    """Decide many pending registrations of ``forum`` at once, with one reason; those no longer
    pending are left alone. Returns how many were decided."""
    if not can_manage_registrations.test(by, forum):
        raise PermissionDenied
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Tell the people why their registration is declined.")})
    decided = 0
    with transaction.atomic():
        pending = Registration.objects.filter(
            forum=forum, pk__in=list(ids), status=Registration.Status.PENDING
        ).select_related("forum", "user")
        for registration in pending:
            registration_decide(registration=registration, by=by, approve=approve, reason=reason)
            decided += 1
    return decided


def _mail_received(registration: Registration) -> None:
    forum, user = registration.forum, registration.user
    link = absolute_url(reverse("registration_mine", kwargs={"slug": forum.slug}))
    if registration.status == Registration.Status.APPROVED:
        subject = _("You are registered for %(forum)s") % {"forum": forum.name}
        body = _(
            "Hello %(name)s,\n\nYour %(kind)s registration for %(forum)s is confirmed. You can "
            "take part in the live rooms of its sessions.\n\nYour registration: %(link)s"
        )
    else:
        subject = _("Your registration for %(forum)s is received") % {"forum": forum.name}
        body = _(
            "Hello %(name)s,\n\nWe received your %(kind)s registration for %(forum)s. The "
            "secretariat reviews it and will write to you.\n\nYour registration: %(link)s"
        )
    mail_queue(
        to=user.email,
        forum=forum,
        subject=subject,
        body=body
        % {
            "name": user.name,
            "kind": registration.get_attendance_display(),
            "forum": forum.name,
            "link": link,
        },
    )


def _mail_decision(registration: Registration) -> None:
    forum, user = registration.forum, registration.user
    link = absolute_url(reverse("registration_mine", kwargs={"slug": forum.slug}))
    if registration.status == Registration.Status.APPROVED:
        subject = _("Your registration for %(forum)s is approved") % {"forum": forum.name}
        body = _(
            "Hello %(name)s,\n\nYour %(kind)s registration for %(forum)s is approved.%(reason)s"
            "\n\nYour registration and badge: %(link)s"
        )
    else:
        subject = _("Your registration for %(forum)s") % {"forum": forum.name}
        body = _(
            "Hello %(name)s,\n\nYour %(kind)s registration for %(forum)s is not approved."
            "%(reason)s\n\nYou can still register online: %(link)s"
        )
    reason = (
        "\n\n" + _("The secretariat's note: %(reason)s") % {"reason": registration.decision_reason}
        if registration.decision_reason
        else ""
    )
    mail_queue(
        to=user.email,
        forum=forum,
        subject=subject,
        body=body
        % {
            "name": user.name,
            "kind": registration.get_attendance_display(),
            "forum": forum.name,
            "reason": reason,
            "link": link,
        },
    )
