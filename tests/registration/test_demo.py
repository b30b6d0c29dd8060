"""The demo step: registrations of every status made through the services, the demo accounts
and the live rooms' participants approved, check-ins and seats."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from registration.models import CheckIn, Registration, SeatSignup
from registration.rules import is_registered_participant

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
