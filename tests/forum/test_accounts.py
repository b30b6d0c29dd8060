import re

import pytest
from django.core import signing
from django.urls import reverse

from forum.accounts import ACTIVATION_SALT
from forum.models import QueuedMail, StakeholderGroup, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def signup_data(**overrides):
    data = {
        "email": "Nele.Leosk@Example.ee",
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


def activation_link(mail: QueuedMail) -> str:
    return re.search(r"https?://[^/]+(/accounts/activate/\S+/)", mail.body).group(1)


def test_signup_creates_an_inactive_account_and_mails_the_link(client):
    response = client.post(reverse("signup"), signup_data())
    assert response.status_code == 200
    assert "nele.leosk@example.ee" in response.text
    user = User.objects.get(email="nele.leosk@example.ee")
    assert user.is_active is False
    assert user.regional_group.code == "eeg"
    mail = QueuedMail.objects.get(to="nele.leosk@example.ee")
    # An inactive account cannot log in.
    login = client.post(
        reverse("login"),
        {"username": "nele.leosk@example.ee", "password": "a long enough passphrase 7"},
    )
    assert login.status_code == 200
    assert login.context["user"].is_authenticated is False

    response = client.get(activation_link(mail), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("profile")
    user.refresh_from_db()
    assert user.is_active is True
    assert response.context["user"] == user


def test_signup_lists_every_problem_at_once(client):
    UserFactory(email="taken@example.org")
    response = client.post(
        reverse("signup"),
        signup_data(email="TAKEN@example.org", password2="different", name="", country=""),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    # A taken address is not among them: sign-up does not tell (tests/forum/test_security_accounts).
    assert set(errors) == {"password2", "name", "country"}
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    assert QueuedMail.objects.count() == 0


def test_signup_refuses_a_weak_password(client):
    response = client.post(
        reverse("signup"), signup_data(password1="12345678", password2="12345678")
    )
    assert "password1" in response.context["form"].errors
    assert not User.objects.filter(email="nele.leosk@example.ee").exists()


@pytest.mark.parametrize(
    "token", ["garbage", signing.dumps({"user": 999999, "email": "x@y.z"}, salt=ACTIVATION_SALT)]
)
def test_a_bad_activation_link_is_refused(client, token):
    response = client.get(reverse("account_activate", kwargs={"token": token}))
    assert response.status_code == 400
    assert "wrong or has expired" in response.text


def test_an_activation_link_is_tied_to_the_address(client):
    user = UserFactory(email="old@example.org", is_active=False)
    token = signing.dumps({"user": user.pk, "email": "old@example.org"}, salt=ACTIVATION_SALT)
    user.email = "new@example.org"
    user.save()
    assert client.get(reverse("account_activate", kwargs={"token": token})).status_code == 400
    user.refresh_from_db()
    assert user.is_active is False


def test_profile_edit_updates_the_derived_regional_group(client):
    user = UserFactory(country="KE")
    client.force_login(user)
    response = client.post(
        reverse("profile"),
        {
            "name": "Abhishek Singh",
            "organisation": "NeGD India",
            "stakeholder_group": StakeholderGroup.objects.get(code="government").pk,
            "country": "IN",
            "gender": "man",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.country.code, user.regional_group.code) == (
        "Abhishek Singh",
        "IN",
        "asia-pacific",
    )


def test_profile_needs_a_login(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_profile_escapes_what_people_type(client):
    user = UserFactory(name="<script>alert(1)</script>")
    client.force_login(user)
    text = client.get(reverse("profile")).text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
