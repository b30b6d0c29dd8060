"""The client's address, for every per-address limit (logins, sign-ups, links in mails, live rooms).

``X-Forwarded-For`` is written by whoever sends the request: a client may put anything at its
left. Only the proxies we run append what they saw, on the right. So the client is the right-most
address that is not one of our proxies (``TRUSTED_PROXIES``), and the header counts at all only
when the peer itself is a trusted proxy. With no trusted proxies the peer is the client.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _normalise(item: str) -> str:
    """One header entry without the port some proxies add ("1.2.3.4:5678", "[2001:db8::1]:80")."""
    item = item.strip()
    if item.startswith("["):
        return item[1:].split("]", 1)[0]
    if item.count(":") == 1:
        return item.split(":", 1)[0]
    return item


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _peer_and_forwarded(request_or_scope: Any) -> tuple[str, str]:
    meta = getattr(request_or_scope, "META", None)
    if meta is not None:  # an HttpRequest
        return meta.get("REMOTE_ADDR") or "", meta.get("HTTP_X_FORWARDED_FOR") or ""
    scope: Mapping = request_or_scope
    client = scope.get("client")
    peer = str(client[0]) if client else ""
    forwarded = b",".join(
        value for name, value in scope.get("headers") or () if name.lower() == b"x-forwarded-for"
    )
    return peer, forwarded.decode("latin-1")


def client_address(request_or_scope: Any) -> str:
    """The client's address of a Django request or an ASGI scope ("" when it is unknown)."""
    peer, forwarded = _peer_and_forwarded(request_or_scope)
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _is_trusted(peer, networks):
        return peer
    chain = [_normalise(item) for item in forwarded.split(",") if item.strip()]
    for address in reversed(chain):
        if not _is_trusted(address, networks):
            return address
    # Only proxies on the way: the left-most one is the nearest thing to a client we know.
    return chain[0] if chain else peer


def ratelimit_ip(request) -> str:
    """``RATELIMIT_IP_META_KEY``: django-ratelimit's ``key="ip"`` asks this function."""
    address = client_address(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        # django-ratelimit masks the address as a network: give it one it can parse.
        return "0.0.0.0"  # noqa: S104 - a placeholder key, never an address to bind
    return address


#: Headers only our proxies may set; from anyone else they are dropped before Django reads them.
FORWARDED_META = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT")


def peer_is_trusted_proxy(request) -> bool:
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    return bool(networks) and _is_trusted(request.META.get("REMOTE_ADDR") or "", networks)


class TrustedProxyMiddleware:
    """Drops X-Forwarded-Proto/Host/Port unless the peer is one of TRUSTED_PROXIES, so that
    ``SECURE_PROXY_SSL_HEADER`` (``request.is_secure()``) and host checks believe only our proxy.
    X-Forwarded-For is read by :func:`client_address` under the same rule."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not peer_is_trusted_proxy(request):
            for key in FORWARDED_META:
                request.META.pop(key, None)
        return self.get_response(request)
