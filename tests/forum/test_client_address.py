"""The client's address: forwarded addresses count only when a trusted proxy added them."""

import time
from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.test import RequestFactory

from forum.client_address import client_address


def request_from(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_the_right_most_untrusted_forwarded_address_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.1"]
    # A client may write anything at the left; the proxies append what they saw on the right.
    request = request_from("10.0.0.5", "1.1.1.1, 2.2.2.2, 198.51.100.9, 192.0.2.1")
    assert client_address(request) == "198.51.100.9"


def test_a_rotated_header_does_not_change_the_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    seen = {
        client_address(request_from("10.0.0.5", f"203.0.113.{n}, 198.51.100.9")) for n in range(5)
    }
    assert seen == {"198.51.100.9"}


def test_forwarded_headers_from_an_untrusted_peer_are_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    assert client_address(request_from("198.51.100.9", "10.0.0.5, 1.2.3.4")) == "198.51.100.9"


def test_an_asgi_scope_is_read_the_same_way(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    scope = {
        "type": "websocket",
        "client": ["10.1.2.3", 51234],
        "headers": [(b"x-forwarded-for", b"6.6.6.6, 198.51.100.9")],
    }
    assert client_address(scope) == "198.51.100.9"
    assert client_address({"type": "websocket", "client": None, "headers": []}) == ""


@pytest.mark.django_db
def test_the_login_limit_follows_the_client_not_the_header(client, settings, monkeypatch):
    from tests.factories import UserFactory

    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))
    settings.TRUSTED_PROXIES = []
    settings.LOGIN_ADDRESS_RATE = "3/m"
    UserFactory(email="ana@example.org")
    statuses = [
        client.post(
            "/accounts/login/",
            {"username": f"x{n}@example.org", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_daphne_does_not_believe_forwarded_headers_itself():
    # daphne's --proxy-headers would take the left-most X-Forwarded-For, which a client writes.
    from tests.conftest import ROOT

    web = next(
        line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    assert "daphne" in web
    assert "--proxy-headers" not in web
