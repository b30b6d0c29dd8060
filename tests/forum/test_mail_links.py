"""Mails carry absolute links from SITE_URL, and their subjects are one line."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from forum.mail import absolute_url, mail_queue, mail_send, safe_subject
from forum.models import QueuedMail, StakeholderGroup


@override_settings(SITE_URL="https://forum.example.org/")
def test_absolute_url_joins_the_site_and_the_path():
    assert absolute_url("/forums/igf-2026/proposals/3/outcome/") == (
        "https://forum.example.org/forums/igf-2026/proposals/3/outcome/"
    )
    assert absolute_url("forums/x/") == "https://forum.example.org/forums/x/"
    assert absolute_url("https://elsewhere.example/a") == "https://elsewhere.example/a"


def test_site_url_defaults(monkeypatch):
    from forum.settings import default_site_url

    assert default_site_url(debug=True, allowed_hosts=["forum.example.org"]) == (
        "http://127.0.0.1:8000"
    )
    assert default_site_url(debug=False, allowed_hosts=["forum.example.org", "x.org"]) == (
        "https://forum.example.org"
    )
    assert default_site_url(debug=False, allowed_hosts=[".example.org"]) == "https://example.org"
    assert default_site_url(debug=False, allowed_hosts=["*"]) == ""


def test_subjects_lose_their_line_breaks():
    assert safe_subject("Outcome: Data\r\nflows\nand\u2028AI ") == "Outcome: Data flows and AI"


@pytest.mark.django_db
def test_a_line_break_in_a_subject_no_longer_fails_the_mail(mailoutbox):
    queued = mail_queue(to="ana@example.org", subject="About: Line\none", body="Hello")
    assert queued.subject == "About: Line one"
    # A row stored before this fix is sent too.
    old = QueuedMail.objects.create(to="ana@example.org", subject="Old\r\nrow", body="b")
    assert mail_send(mail_id=queued.pk) == "sent"
    assert mail_send(mail_id=old.pk) == "sent"
    assert [m.subject for m in mailoutbox] == ["About: Line one", "Old row"]


@pytest.mark.django_db
@override_settings(SITE_URL="https://forum.example.org")
def test_the_activation_mail_links_to_the_site_not_to_the_request_host(client):
    client.post(
        reverse("signup"),
        {
            "email": "nele@example.ee",
            "password1": "a long enough passphrase 7",
            "password2": "a long enough passphrase 7",
            "name": "Nele",
            "organisation": "MFA",
            "stakeholder_group": StakeholderGroup.objects.get(code="government").pk,
            "country": "EE",
            "gender": "",
        },
        HTTP_HOST="testserver",
    )
    body = QueuedMail.objects.get(to="nele@example.ee").body
    assert re.search(r"https://forum\.example\.org/accounts/activate/\S+/", body)


@pytest.mark.django_db
@override_settings(SITE_URL="https://forum.example.org")
def test_the_password_reset_mail_links_to_the_site(client, mailoutbox):
    from tests.factories import UserFactory

    UserFactory(email="ana@example.org")
    client.post(reverse("password_reset"), {"email": "ana@example.org"}, HTTP_HOST="testserver")
    body = mailoutbox[0].body
    assert "account at forum.example.org." in body
    assert re.search(r"^https://forum\.example\.org/accounts/reset/\S+/$", body, re.MULTILINE)


@pytest.mark.django_db
@override_settings(SITE_URL="https://forum.example.org")
def test_the_taken_address_mail_links_to_the_site(client):
    from tests.factories import UserFactory

    UserFactory(email="taken@example.ee")
    client.post(
        reverse("signup"),
        {
            "email": "taken@example.ee",
            "password1": "a long enough passphrase 7",
            "password2": "a long enough passphrase 7",
            "name": "Nele",
            "organisation": "MFA",
            "stakeholder_group": StakeholderGroup.objects.get(code="government").pk,
            "country": "EE",
            "gender": "",
        },
    )
    body = QueuedMail.objects.get(to="taken@example.ee").body
    assert "https://forum.example.org/accounts/login/" in body
    assert "https://forum.example.org/accounts/password-reset/" in body


@pytest.mark.django_db
@override_settings(SITE_URL="https://forum.example.org")
def test_proposal_mails_sent_without_a_request_carry_absolute_links():
    # A submission from a task or the demo has no request to take an address from.
    from sessions.services.proposals import proposal_submit
    from tests.sessions.proposal_data import DURING_CALL, Setup

    setup = Setup()
    proposal_submit(forum=setup.forum, by=setup.organizer, data=setup.data(), now=DURING_CALL)
    bodies = list(QueuedMail.objects.values_list("body", flat=True))
    assert bodies
    for body in bodies:
        links = re.findall(r"\S*/forums/\S+", body)
        assert links
        assert all(link.startswith("https://forum.example.org/forums/") for link in links)


@override_settings(SITE_URL="https://forum.example.org")
def test_decision_links_come_from_site_url_without_a_request():
    from sessions.services.decision_notices import site_root

    assert site_root("") == "https://forum.example.org"
