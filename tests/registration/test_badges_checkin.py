"""Onsite: the badge PDF and its signed code (tampering refused), the check-in desk (staff only,
once per day even if scanned twice), counts per day, and the visa support letter."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from registration.models import CheckIn
from registration.selectors.statistics import checkins_per_day
from registration.services import badges, registering
from tests.factories import UserFactory
from tests.registration.helpers import desk_of, open_forum, secretariat_of

pytestmark = pytest.mark.django_db


def approved_onsite(forum, attendance="onsite", **user):
    person = UserFactory(**user)
    registration = registering.registration_submit(
        forum=forum, by=person, attendance=attendance, consent=True, notify=False
    )
    return registering.registration_decide(
        registration=registration, by=secretariat_of(forum), approve=True, notify=False
    )


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_badge_carries_name_organisation_and_category(client):
    forum = open_forum()
    registration = approved_onsite(forum, name="Kofi Mensah", organisation="Ghana ICT Hub")
    client.force_login(registration.user)
    response = client.get(reverse("registration_badge", kwargs={"slug": forum.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Kofi Mensah" in text
    assert "Ghana ICT Hub" in text
    assert "Civil society" in text or registration.user.stakeholder_group.name in text


def test_no_badge_before_approval_or_for_online(client):
    forum = open_forum()
    user = UserFactory()
    registering.registration_submit(forum=forum, by=user, attendance="onsite", consent=True)
    client.force_login(user)
    assert client.get(reverse("registration_badge", kwargs={"slug": forum.slug})).status_code == 404


def test_a_genuine_code_checks_in_once_per_day_even_if_scanned_twice():
    forum = open_forum()
    desk = desk_of(forum)
    registration = approved_onsite(forum)
    code = badges.badge_code(registration)
    day1 = dt.datetime.combine(forum.start_date, dt.time(8, 0), tzinfo=forum.tzinfo)
    first = badges.checkin_record(forum=forum, code=code, by=desk, now=day1)
    second = badges.checkin_record(
        forum=forum, code=code, by=desk, now=day1 + dt.timedelta(minutes=1)
    )
    assert (first.recorded, second.recorded) == (True, False)
    assert second.checkin.pk == first.checkin.pk
    assert CheckIn.objects.count() == 1
    badges.checkin_record(forum=forum, code=code, by=desk, now=day1 + dt.timedelta(days=1))
    assert CheckIn.objects.count() == 2


def test_the_database_refuses_a_second_check_in_the_same_day():
    forum = open_forum()
    registration = approved_onsite(forum)
    CheckIn.objects.create(registration=registration, day=forum.start_date)
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(registration=registration, day=forum.start_date)


def test_a_tampered_or_forged_code_is_refused():
    forum = open_forum()
    desk = desk_of(forum)
    registration = approved_onsite(forum)
    other = approved_onsite(forum)
    code = badges.badge_code(registration)
    payload, _sep, signature = code.rpartition(":")
    forged_other = signing.dumps([other.pk, forum.pk], salt="another.salt", compress=True)
    tampered = [
        code[:-1] + ("A" if code[-1] != "A" else "B"),
        badges.badge_code(other).rpartition(":")[0] + ":" + signature,
        forged_other,
        str(registration.pk),
        "",
    ]
    for bad in tampered:
        with pytest.raises(ValidationError):
            badges.checkin_record(forum=forum, code=bad, by=desk)
    assert CheckIn.objects.count() == 0


def test_a_code_of_another_forum_or_a_cancelled_registration_is_refused():
    forum, elsewhere = open_forum(), open_forum()
    registration = approved_onsite(elsewhere)
    with pytest.raises(ValidationError) as err:
        badges.checkin_record(forum=forum, code=badges.badge_code(registration), by=desk_of(forum))
    assert err.value.code == "other-forum"
    registering.registration_cancel(registration=registration, by=registration.user)
    with pytest.raises(ValidationError) as err:
        badges.checkin_record(
            forum=elsewhere, code=badges.badge_code(registration), by=desk_of(elsewhere)
        )
    assert err.value.code == "inactive"


def test_only_desk_staff_and_the_secretariat_check_in(client):
    forum = open_forum()
    registration = approved_onsite(forum)
    code = badges.badge_code(registration)
    with pytest.raises(PermissionDenied):
        badges.checkin_record(forum=forum, code=code, by=registration.user)
    with pytest.raises(PermissionDenied):
        badges.checkin_record(forum=forum, code=code, by=desk_of(open_forum()))
    url = reverse("registration_check_in", kwargs={"slug": forum.slug})
    client.force_login(registration.user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"code": code}).status_code == 404
    client.force_login(desk_of(forum))
    page = client.post(url, {"code": code})
    assert page.status_code == 200
    assert "Checked in" in page.content.decode()
    again = client.post(url, {"code": code}).content.decode()
    assert "Already checked in today" in again
    bad = client.post(url, {"code": code + "x"})
    assert bad.status_code == 422
    assert "This badge code is not genuine." in bad.content.decode()
    assert CheckIn.objects.count() == 1
    assert 'src="/static/registration/checkin' in page.content.decode()


def test_badges_collected_per_day():
    forum = open_forum()
    desk = desk_of(forum)
    people = [approved_onsite(forum) for _ in range(3)]
    day1 = dt.datetime.combine(forum.start_date, dt.time(9), tzinfo=forum.tzinfo)
    day2 = day1 + dt.timedelta(days=1)
    for r in people[:2]:
        badges.checkin_record(forum=forum, code=badges.badge_code(r), by=desk, now=day1)
    for r in people:
        badges.checkin_record(forum=forum, code=badges.badge_code(r), by=desk, now=day2)
    assert checkins_per_day(forum=forum) == [
        (forum.start_date, 2, 2),
        (forum.start_date + dt.timedelta(days=1), 1, 3),
    ]


def test_an_approved_onsite_participant_gets_a_visa_letter(client):
    forum = open_forum()
    registration = approved_onsite(forum, name="Amina Diallo")
    url = reverse("registration_visa_letter", kwargs={"slug": forum.slug})
    client.force_login(registration.user)
    response = client.post(url, {"passport_number": "A1234567", "nationality": "Senegalese"})
    assert response.status_code == 302
    pdf = client.get(url + "?pdf=1")
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Amina Diallo" in text and "A1234567" in text
    online = UserFactory()
    registering.registration_submit(forum=forum, by=online, attendance="online", consent=True)
    client.force_login(online)
    assert client.get(url).status_code == 404
