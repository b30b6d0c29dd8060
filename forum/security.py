"""The Content-Security-Policy sent with every response.

Scripts and styles come only from our own static files: no inline ``<script>``, no inline
``style`` attributes and no ``unsafe-inline``/``unsafe-eval``. Data reaches scripts through
``data-*`` attributes or ``json_script`` blocks (type ``application/json``, never executed).
Frames are allowed only from the webcast hosts listed in ``CSP_FRAME_SRC`` (see README.md), plus
those a view adds for the page it renders with :func:`csp_allow_frame`.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def csp_allow_frame(request: HttpRequest, url: str) -> None:
    """Let this response embed ``url`` (a webcast player) in a frame: only its origin, only https."""
    parts = urlsplit(url or "")
    if parts.scheme == "https" and parts.hostname:
        origin = f"https://{parts.netloc}"
        frames = request.__dict__.setdefault("csp_frame_src", [])
        if origin not in frames:
            frames.append(origin)


def _origin_sources(request: HttpRequest) -> list[str]:
    try:
        host = request.get_host()
    except DisallowedHost:
        return []
    # 'self' covers ws(s) of the same host in current browsers; older ones need it spelled out.
    return [f"ws://{host}", f"wss://{host}"]


def policy_for(request: HttpRequest) -> str:
    frames = [*getattr(settings, "CSP_FRAME_SRC", []), *getattr(request, "csp_frame_src", [])]
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'", *_origin_sources(request)],
        "media-src": ["'self'"],
        "frame-src": frames or ["'none'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class ContentSecurityPolicyMiddleware:
    """Adds the policy to every response that does not carry one already."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = policy_for(request)
        return response
