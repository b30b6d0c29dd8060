"""Registering: windows, verification first, consent (versioned), online confirmed at once, onsite
and press wait for the secretariat (single and bulk, with a reason the person sees), the cap."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forum.models import QueuedMail, StakeholderGroup
from registration.models import Gender, Registration
from registration.rules import is_registered_participant
from registration.services import registering
from tests.factories import UserFactory
from tests.registration.helpers import NOTICE_VERSION, open_forum, secretariat_of

pytestmark = pytest.mark.django_db


def submit(forum, user, attendance="online", **kwargs):
    kwargs.setdefault("consent", True)
    return registering.registration_submit(forum=forum, by=user, attendance=attendance, **kwargs)


def test_online_is_confirmed_at_once_and_lets_the_person_take_part():
    forum = open_forum()
    user = UserFactory()
    assert is_registered_participant.test(user, forum) is False
    registration = submit(forum, user)
    assert (registration.status, registration.attendance) == ("approved", "online")
    assert is_registered_participant.test(user, forum) is True
    assert registration.privacy_notice_version == NOTICE_VERSION
    assert registration.consented_at is not None
    assert QueuedMail.objects.get(to=user.email).subject == f"You are registered for {forum.name}"


@pytest.mark.parametrize("attendance", ["onsite", "press"])
def test_onsite_and_press_wait_for_approval(attendance):
    forum = open_forum()
    user = UserFactory()
    registration = submit(forum, user, attendance)
    assert registration.status == "pending"
    assert is_registered_participant.test(user, forum) is False


def test_an_unverified_address_cannot_register():
    forum = open_forum()
    user = UserFactory(is_active=False)
    with pytest.raises(PermissionDenied):
        submit(forum, user)
    assert not Registration.objects.exists()


def test_consent_is_required_and_the_version_consented_to_is_kept():
    forum = open_forum()
    user = UserFactory()
    with pytest.raises(ValidationError) as err:
        submit(forum, user, consent=False)
    assert "consent" in err.value.error_dict
    forum.registration_settings.privacy_notice_version = "2026-09"
    forum.registration_settings.save()
    assert submit(forum, user).privacy_notice_version == "2026-09"


def test_each_kind_opens_and_closes_on_its_own_dates():
    now = timezone.now()
    forum = open_forum(
        press_closes_at=now - dt.timedelta(hours=1),
        onsite_opens_at=now + dt.timedelta(days=2),
    )
    for kind in ("press", "onsite"):
        with pytest.raises(ValidationError):
            submit(forum, UserFactory(), kind)
    assert submit(forum, UserFactory(), "online").status == "approved"
    # The close is exclusive: at the closing moment it is closed.
    closes = forum.registration_settings.online_closes_at
    with pytest.raises(ValidationError):
        submit(forum, UserFactory(), "online", now=closes)
    assert submit(forum, UserFactory(), "online", now=closes - dt.timedelta(seconds=1))


def test_without_settings_registration_is_closed():
    from tests.factories import ForumFactory

    with pytest.raises(ValidationError):
        submit(ForumFactory(), UserFactory())


def test_the_onsite_cap_counts_pending_and_approved_but_not_cancelled():
    forum = open_forum(onsite_cap=2)
    first, second = submit(forum, UserFactory(), "onsite"), submit(forum, UserFactory(), "onsite")
    with pytest.raises(ValidationError) as err:
        submit(forum, UserFactory(), "onsite")
    assert err.value.error_dict["attendance"][0].code == "full"
    registering.registration_cancel(registration=first, by=first.user)
    assert submit(forum, UserFactory(), "onsite").status == "pending"
    assert second.status == "pending"
    # Online is never capped.
    assert submit(forum, UserFactory(), "online").status == "approved"


def test_registering_twice_is_refused_but_again_after_cancelling_is_fine():
    forum = open_forum()
    user = UserFactory()
    registration = submit(forum, user)
    with pytest.raises(ValidationError):
        submit(forum, user)
    registering.registration_cancel(registration=registration, by=user)
    assert is_registered_participant.test(user, forum) is False
    again = submit(forum, user, "onsite")
    assert (again.pk, again.status) == (registration.pk, "pending")


def test_profile_data_is_saved_on_the_account_and_the_regional_group_derived():
    forum = open_forum()
    user = UserFactory(country="KE")
    submit(
        forum,
        user,
        profile={
            "name": "Ana Lima",
            "organisation": "Rede",
            "stakeholder_group": StakeholderGroup.objects.get(code="government"),
            "country": "BR",
        },
        details={"gender": Gender.PREFER_NOT_TO_SAY, "first_time": True},
    )
    user.refresh_from_db()
    assert (user.name, user.organisation, user.regional_group.code) == (
        "Ana Lima",
        "Rede",
        "grulac",
    )
    registration = Registration.objects.get(user=user)
    assert (registration.gender, registration.first_time) == ("prefer-not-to-say", True)


def test_a_self_described_gender_needs_words_and_other_answers_drop_them():
    forum = open_forum()
    with pytest.raises(ValidationError):
        submit(forum, UserFactory(), details={"gender": Gender.SELF_DESCRIBED})
    registration = submit(
        forum,
        UserFactory(),
        details={"gender": Gender.SELF_DESCRIBED, "gender_self_described": "Two-spirit"},
    )
    assert registration.gender_label == "Two-spirit"
    registering.registration_update(
        registration=registration,
        by=registration.user,
        details={"gender": Gender.WOMAN, "gender_self_described": "stale"},
    )
    registration.refresh_from_db()
    assert (registration.gender, registration.gender_self_described) == ("woman", "")


def test_the_secretariat_approves_and_declines_with_a_reason_the_person_is_mailed():
    forum = open_forum()
    secretariat = secretariat_of(forum)
    approved = submit(forum, UserFactory(), "onsite")
    declined = submit(forum, UserFactory(), "press")
    QueuedMail.objects.all().delete()
    registering.registration_decide(
        registration=approved, by=secretariat, approve=True, reason="Welcome to Geneva."
    )
    with pytest.raises(ValidationError):
        registering.registration_decide(registration=declined, by=secretariat, approve=False)
    registering.registration_decide(
        registration=declined, by=secretariat, approve=False, reason="No press card was given."
    )
    approved.refresh_from_db()
    declined.refresh_from_db()
    assert (approved.status, declined.status) == ("approved", "rejected")
    assert declined.decision_reason == "No press card was given."
    assert is_registered_participant.test(approved.user, forum) is True
    assert is_registered_participant.test(declined.user, forum) is False
    mail = QueuedMail.objects.get(to=declined.user.email)
    assert "No press card was given." in mail.body
    assert "Welcome to Geneva." in QueuedMail.objects.get(to=approved.user.email).body
    with pytest.raises(ValidationError):  # decided already
        registering.registration_decide(
            registration=approved, by=secretariat, approve=False, reason="x"
        )


def test_only_the_secretariat_decides():
    forum = open_forum()
    registration = submit(forum, UserFactory(), "onsite")
    with pytest.raises(PermissionDenied):
        registering.registration_decide(registration=registration, by=UserFactory(), approve=True)
    other = secretariat_of(open_forum())
    with pytest.raises(PermissionDenied):
        registering.registration_decide(registration=registration, by=other, approve=True)


def test_bulk_decisions_decide_the_pending_of_this_forum_only():
    forum, elsewhere = open_forum(), open_forum()
    secretariat = secretariat_of(forum)
    pending = [submit(forum, UserFactory(), "onsite") for _ in range(3)]
    online = submit(forum, UserFactory(), "online")
    foreign = submit(elsewhere, UserFactory(), "onsite")
    count = registering.registrations_decide_bulk(
        forum=forum,
        by=secretariat,
        ids=[r.pk for r in [*pending, online, foreign]],
        approve=False,
        reason="The venue is full.",
    )
    assert count == 3
    assert sorted(Registration.objects.filter(forum=forum).values_list("status", flat=True)) == [
        "approved",
        "rejected",
        "rejected",
        "rejected",
    ]
    foreign.refresh_from_db()
    assert foreign.status == "pending"
    assert QueuedMail.objects.filter(body__contains="The venue is full.").count() == 3
