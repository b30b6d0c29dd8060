"""The demo step: registrations of every status made through the services, the demo accounts
and the live rooms' participants approved, check-ins and seats."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from registration.models import CheckIn, Registration, SeatSignup, SessionCapacity
from registration.rules import AT_THE_VENUE, is_registered_participant

pytestmark = pytest.mark.django_db


def test_the_small_demo_has_a_few_of_each_status_and_keeps_the_accounts_access():
    call_command("seed_demo", "--size", "small", "--today", "2026-12-08")
    regs = Registration.objects.filter(forum__slug="igf-2026")
    statuses = set(regs.values_list("status", flat=True))
    assert statuses == {"pending", "approved", "rejected", "cancelled"}
    assert set(regs.values_list("attendance", flat=True)) == {"onsite", "online", "press"}
    for email in (
        "secretariat@demo.example",
        "participant1@demo.example",
        "hub1@demo.example",
        "mag1@demo.example",
    ):
        registration = regs.get(user__email=email)
        assert registration.status == "approved"
        assert is_registered_participant.test(registration.user, registration.forum)
    assert regs.get(user__email="participant1@demo.example").attendance == "onsite"
    assert all(r.privacy_notice_version == "2026-1" for r in regs)
    assert CheckIn.objects.filter(registration__forum__slug="igf-2026").exists()
    assert CheckIn.objects.filter(day__gt=dt.date(2026, 12, 8)).count() == 0
    assert SeatSignup.objects.filter(status="waitlisted").exists()
    # The rejected hear why.
    assert all(r.decision_reason for r in regs.filter(status="rejected"))
    assert_consistent(regs)


def assert_consistent(regs):
    """What the services would have kept true, the demo built in bulk keeps true too."""
    forum = regs.first().forum
    settings_row = forum.registration_settings
    # Online is approved at once, by nobody; onsite and press are decided by the secretariat.
    for r in regs:
        assert r.consented_at == r.created_at <= r.updated_at
        if r.status == "pending":
            assert (r.attendance in AT_THE_VENUE, r.decided_at, r.decided_by_id) == (
                True,
                None,
                None,
            )
        elif r.attendance == "online":
            assert (r.decided_at, r.decided_by_id) == (r.created_at, None)
        else:
            assert r.decided_by is not None and r.decided_at > r.created_at
    onsite_held = regs.filter(attendance="onsite", status__in=["pending", "approved"]).count()
    assert onsite_held <= settings_row.onsite_cap
    # Check-ins: badges that admit, once a day, on forum days up to the demo's moment.
    checkins = CheckIn.objects.filter(registration__forum=forum).select_related("registration")
    for c in checkins:
        assert c.registration.status == "approved" and c.registration.attendance in AT_THE_VENUE
        assert c.day == timezone.localdate(c.checked_in_at, timezone=forum.tzinfo)
        assert c.day in forum.days
    assert checkins.count() == len({(c.registration_id, c.day) for c in checkins})
    # Seats: the counter is the confirmed sign-ups, never over the seats, a waitlist only for a
    # full session, and only registered participants sign up.
    capacities = SessionCapacity.objects.filter(session__forum=forum).annotate(
        confirmed_rows=Count("signups", filter=Q(signups__status="confirmed")),
        waiting=Count("signups", filter=Q(signups__status="waitlisted")),
    )
    assert capacities.exists()
    for cap in capacities:
        assert cap.confirmed == cap.confirmed_rows <= cap.seats
        assert cap.waiting == 0 or cap.confirmed == cap.seats
    signed = set(
        SeatSignup.objects.filter(capacity__session__forum=forum).values_list("user", flat=True)
    )
    assert signed <= set(regs.filter(status="approved").values_list("user", flat=True))
