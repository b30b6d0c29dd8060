"""X-Forwarded-Proto/Host/Port count only when the peer is one of TRUSTED_PROXIES: a client
cannot make Django believe a request came over HTTPS, or from another host."""

from __future__ import annotations

from django.test import RequestFactory, override_settings

from forum.client_address import TrustedProxyMiddleware


def seen(remote_addr: str) -> dict:
    request = RequestFactory().get(
        "/",
        REMOTE_ADDR=remote_addr,
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_X_FORWARDED_HOST="evil.example",
        HTTP_X_FORWARDED_PORT="443",
    )
    captured = {}

    def view(request):
        captured["secure"] = request.is_secure()
        captured["meta"] = {k: v for k, v in request.META.items() if k.startswith("HTTP_X_FORW")}
        return None

    TrustedProxyMiddleware(view)(request)
    return captured


@override_settings(
    TRUSTED_PROXIES=["10.0.0.0/8"], SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
)
def test_forwarded_headers_from_a_client_are_dropped():
    result = seen("203.0.113.9")
    assert result == {"secure": False, "meta": {}}


@override_settings(
    TRUSTED_PROXIES=["10.0.0.0/8"], SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
)
def test_forwarded_headers_from_our_proxy_are_believed():
    result = seen("10.1.2.3")
    assert result["secure"] is True
    assert result["meta"]["HTTP_X_FORWARDED_PROTO"] == "https"


@override_settings(TRUSTED_PROXIES=[], SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_with_no_trusted_proxy_nobody_is_believed():
    assert seen("127.0.0.1") == {"secure": False, "meta": {}}


def test_robots_txt_keeps_crawlers_out_of_private_areas(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Disallow: /admin/" in response.content.decode()
