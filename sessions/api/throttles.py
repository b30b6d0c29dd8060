"""Throttling of anonymous use, per client address as ``forum.client_address`` finds it (the
proxies in TRUSTED_PROXIES are believed, nobody else's X-Forwarded-For)."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from forum.client_address import client_address


class AnonymousAddressThrottle(AnonRateThrottle):
    scope = "anon"

    def get_rate(self) -> str:
        # Read at request time, so that the setting (and a test's override of it) applies.
        return settings.API_ANON_RATE

    def get_ident(self, request) -> str:
        return client_address(request)
