"""Seats of sessions with a limited capacity: sign-ups with a waitlist.

Every sign-up and cancellation of a session locks its :class:`SessionCapacity` row (SELECT ...
FOR UPDATE), so that the count of confirmed seats is read and written by one transaction at a
time: never more confirmed than seats, whatever the number of simultaneous sign-ups. The
database's check constraint on the counter is the last guard.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.mail import absolute_url, mail_queue
from forum.models import User
from registration.models import SeatSignup, SessionCapacity
from registration.rules import can_manage_registrations, is_registered_participant
from sessions.models import Session


def capacity_set(*, session: Session, seats: int) -> SessionCapacity:
    """Give ``session`` a number of seats (the secretariat, through the admin or the demo)."""
    with transaction.atomic():
        capacity, _created = SessionCapacity.objects.select_for_update().get_or_create(
            session=session, defaults={"seats": seats}
        )
        if seats < capacity.confirmed:
            raise ValidationError(_("More people are confirmed than that."))
        capacity.seats = seats
        capacity.save(update_fields=["seats"])
    return capacity


def seat_signup(*, session: Session, by: User, now: dt.datetime | None = None) -> SeatSignup:
    """A seat if one is free, else a place on the waitlist."""
    if not is_registered_participant.test(by, session.forum):
        raise PermissionDenied(_("Register for the forum to sign up for its sessions."))
    now = now or timezone.now()
    with transaction.atomic():
        capacity = SessionCapacity.objects.select_for_update().filter(session=session).first()
        if capacity is None:
            raise ValidationError(_("This session takes no sign-ups."))
        existing = (
            SeatSignup.objects.filter(capacity=capacity, user=by)
            .exclude(status=SeatSignup.Status.CANCELLED)
            .first()
        )
        if existing is not None:
            return existing
        free = capacity.confirmed < capacity.seats
        signup = SeatSignup.objects.create(
            capacity=capacity,
            user=by,
            status=SeatSignup.Status.CONFIRMED if free else SeatSignup.Status.WAITLISTED,
            created_at=now,
        )
        if free:
            capacity.confirmed += 1
            capacity.save(update_fields=["confirmed"])
    return signup


def seat_cancel(*, signup: SeatSignup, by: User, now: dt.datetime | None = None) -> SeatSignup:
    """Give up a seat or a waitlist place; a freed seat goes to the next on the waitlist, who
    is told by mail."""
    if signup.user_id != by.pk:
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        capacity = SessionCapacity.objects.select_for_update().get(pk=signup.capacity_id)
        signup = SeatSignup.objects.get(pk=signup.pk)
        if signup.status == SeatSignup.Status.CANCELLED:
            return signup
        was_confirmed = signup.status == SeatSignup.Status.CONFIRMED
        signup.status = SeatSignup.Status.CANCELLED
        signup.save(update_fields=["status"])
        if was_confirmed:
            capacity.confirmed -= 1
            _promote(capacity, now)
            capacity.save(update_fields=["confirmed"])
    return signup


def _promote(capacity: SessionCapacity, now: dt.datetime) -> None:
    """Fill free seats from the waitlist, in the order people joined it (lock held)."""
    free = capacity.seats - capacity.confirmed
    if free <= 0:
        return
    waiting = list(
        SeatSignup.objects.filter(capacity=capacity, status=SeatSignup.Status.WAITLISTED)
        .select_related("user", "capacity__session__forum")
        .order_by("created_at", "pk")[:free]
    )
    for signup in waiting:
        signup.status = SeatSignup.Status.CONFIRMED
        signup.promoted_at = now
        signup.save(update_fields=["status", "promoted_at"])
        capacity.confirmed += 1
        _mail_promoted(signup)


def _mail_promoted(signup: SeatSignup) -> None:
    session = signup.capacity.session
    mail_queue(
        to=signup.user.email,
        forum=session.forum,
        subject=_("A seat is yours: %(session)s") % {"session": session.title},
        body=_(
            "Hello %(name)s,\n\nA seat became free in %(session)s and it is now yours.\n\n"
            "If you can no longer come, give it up so the next person gets it: %(link)s"
        )
        % {
            "name": signup.user.name,
            "session": session.title,
            "link": absolute_url(
                reverse("registration_seats", kwargs={"slug": session.forum.slug})
            ),
        },
    )


def _require_secretariat(by: User, session: Session) -> None:
    if not can_manage_registrations.test(by, session.forum):
        raise PermissionDenied


def capacity_change(
    *, session: Session, seats: int, by: User, now: dt.datetime | None = None
) -> SessionCapacity:
    """The secretariat sets or changes a session's seats. Fewer seats than people confirmed is
    refused; new seats go to the waitlist in order, who are told by mail."""
    _require_secretariat(by, session)
    capacity = capacity_set(session=session, seats=seats)
    with transaction.atomic():
        capacity = SessionCapacity.objects.select_for_update().get(pk=capacity.pk)
        _promote(capacity, now or timezone.now())
        capacity.save(update_fields=["confirmed"])
    return capacity


def seat_release(*, signup: SeatSignup, by: User, now: dt.datetime | None = None) -> SeatSignup:
    """The secretariat takes a seat or a waitlist place back (a no-show, a duplicate); a freed
    seat goes to the next on the waitlist, as when the person gives it up."""
    _require_secretariat(by, signup.capacity.session)
    return seat_cancel(signup=signup, by=signup.user, now=now)


def seat_promote(*, signup: SeatSignup, by: User, now: dt.datetime | None = None) -> SeatSignup:
    """The secretariat gives a seat to one person on the waitlist, ahead of the order (a speaker,
    an accessibility need). Free seats already went to the waitlist in order, so this adds a
    seat to the session; the person is told by mail."""
    _require_secretariat(by, signup.capacity.session)
    now = now or timezone.now()
    with transaction.atomic():
        capacity = SessionCapacity.objects.select_for_update().get(pk=signup.capacity_id)
        signup = SeatSignup.objects.select_related("user", "capacity__session__forum").get(
            pk=signup.pk
        )
        if signup.status != SeatSignup.Status.WAITLISTED:
            raise ValidationError(_("This person is not on the waitlist."))
        if capacity.confirmed >= capacity.seats:
            capacity.seats += 1
        signup.status = SeatSignup.Status.CONFIRMED
        signup.promoted_at = now
        signup.save(update_fields=["status", "promoted_at"])
        capacity.confirmed += 1
        capacity.save(update_fields=["seats", "confirmed"])
        _mail_promoted(signup)
    return signup
