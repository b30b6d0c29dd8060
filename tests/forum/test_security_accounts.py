"""Security of sign-up and activation: a link works once, and sign-up reveals no account."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from forum.accounts import AccountAlreadyActive, account_activate, activation_token
from forum.models import QueuedMail, StakeholderGroup, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def signup_data(**overrides):
    data = {
        "email": "nele.leosk@example.ee",
        "password1": "a long enough passphrase 7",
        "password2": "a long enough passphrase 7",
        "name": "Nele Leosk",
        "organisation": "Ministry of Foreign Affairs Estonia",
        "stakeholder_group": StakeholderGroup.objects.get(code="government").pk,
        "country": "EE",
        "gender": "",
    }
    data.update(overrides)
    return data


def activation_path(mail: QueuedMail) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/activate/\S+/)", mail.body).group(1)


def sign_up(client) -> tuple[User, str]:
    client.post(reverse("signup"), signup_data())
    mail = QueuedMail.objects.get(to="nele.leosk@example.ee")
    return User.objects.get(email="nele.leosk@example.ee"), activation_path(mail)


def test_an_activation_link_works_once(client, django_user_model):
    user, path = sign_up(client)
    assert client.get(path).status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)

    # The same link, opened again from another browser, logs nobody in.
    other = client.__class__()
    response = other.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in other.session
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "This account is already active. Log in with your password."
    ]


def test_an_activation_link_does_not_survive_a_password_change(client):
    user, path = sign_up(client)
    user.set_password("a brand new passphrase 9")
    user.save()
    response = client.get(path)
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.is_active is False
    assert "_auth_user_id" not in client.session


def test_an_activation_link_does_not_reactivate_a_deactivated_account(client):
    user, path = sign_up(client)
    assert client.get(path).status_code == 302
    client.post(reverse("logout"))
    user.refresh_from_db()
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = client.get(path)
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.is_active is False
    assert "_auth_user_id" not in client.session


def test_an_activation_token_for_an_active_account_activates_nothing():
    user = UserFactory(is_active=True)
    token = activation_token(user)
    # An active account's token never returns a user to log in.
    with pytest.raises(AccountAlreadyActive):
        account_activate(token=token)


def test_signup_with_a_taken_address_answers_as_for_a_new_one_and_mails_the_owner(client):
    owner = UserFactory(email="nele.leosk@example.ee", name="Nele Owner")
    taken = client.post(reverse("signup"), signup_data(email="Nele.Leosk@example.ee"))
    fresh = client.post(reverse("signup"), signup_data(email="someone.new@example.ee"))

    assert taken.status_code == fresh.status_code == 200
    assert [t.name for t in taken.templates][:1] == ["forum/signup_sent.html"]
    assert [t.name for t in fresh.templates][:1] == ["forum/signup_sent.html"]
    assert "nele.leosk@example.ee" in taken.text.lower()
    assert "An account already uses this address" not in taken.text
    assert User.objects.filter(email__iexact="nele.leosk@example.ee").count() == 1
    owner.refresh_from_db()
    assert owner.name == "Nele Owner"
    assert owner.check_password(PASSWORD)

    mail = QueuedMail.objects.get(to="nele.leosk@example.ee")
    assert "/accounts/activate/" not in mail.body
    assert "http://" in mail.body or "https://" in mail.body
    assert reverse("password_reset") in mail.body
    assert reverse("login") in mail.body
