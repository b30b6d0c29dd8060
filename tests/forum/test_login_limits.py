"""Login limits: per client address and per account-and-address; an account is only slowed."""

import time
from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.urls import reverse

from forum.views import login_delay
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def still_clock(monkeypatch):
    # The limits count per clock-aligned minute: hold the library's clock still.
    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))


def login(client, address, password, username="ana@example.org"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_an_attacker_cannot_lock_a_person_out(client, settings, still_clock):
    settings.LOGIN_ACCOUNT_DELAY_MAX = 0  # the slow-down is tested below, without waiting here
    user = UserFactory(email="ana@example.org")
    attacker = [login(client, "203.0.113.66", "wrong").status_code for _ in range(11)]
    assert attacker == [200] * 10 + [429]

    response = login(client.__class__(), "198.51.100.20", PASSWORD)
    assert response.status_code == 302
    assert response.wsgi_request.user == user


def test_many_accounts_from_one_address_are_limited(client, settings, still_clock):
    settings.LOGIN_ADDRESS_RATE = "5/m"
    statuses = [
        login(client, "203.0.113.66", "wrong", username=f"p{n}@example.org").status_code
        for n in range(6)
    ]
    assert statuses == [200] * 5 + [429]
    # Another address is not affected.
    assert login(client, "198.51.100.20", "wrong", username="p9@example.org").status_code == 200


def test_failures_for_an_account_grow_its_delay_up_to_a_cap(settings):
    settings.LOGIN_ACCOUNT_SLOWDOWN_AFTER = 5
    settings.LOGIN_ACCOUNT_DELAY_MAX = 4.0
    assert [login_delay(n) for n in (0, 4, 5, 6, 7, 8, 9, 50)] == [
        0,
        0,
        0.5,
        1.0,
        2.0,
        4.0,
        4.0,
        4.0,
    ]


def test_failures_are_counted_per_account_and_forgotten_on_success(client, settings, still_clock):
    from forum.views import account_failures

    settings.LOGIN_ACCOUNT_DELAY_MAX = 0
    UserFactory(email="ana@example.org")
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        login(client, address, "wrong", username="ANA@example.org")
    assert account_failures("ana@example.org") == 3
    assert login(client, "198.51.100.20", PASSWORD).status_code == 302
    assert account_failures("ana@example.org") == 0
