"""The Content-Security-Policy: sent on every kind of response, never with unsafe-inline or
unsafe-eval for scripts, and no template carries an inline script or event handler."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from forum.security import csp_allow_frame, policy_for
from tests.factories import PASSWORD, ForumFactory, UserFactory

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def test_every_kind_of_response_carries_the_policy(client):
    forum = ForumFactory(slug="igf-2040")
    user = UserFactory()
    answers = [
        client.get("/"),  # a page
        client.get(reverse("forum_detail", args=[forum.slug])),
        client.get("/accounts/login/"),
        client.get("/no-such-page/"),  # 404
        client.get(reverse("proposal_create", args=[forum.slug])),  # redirect to login
        client.get("/healthz"),
        client.get("/api/v1/forums/"),  # JSON
        client.post("/accounts/login/", {"username": user.email, "password": "wrong"}),
    ]
    client.login(username=user.email, password=PASSWORD)
    answers.append(client.get("/accounts/profile/"))
    for response in answers:
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], response.request["PATH_INFO"]
        assert policy["default-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["img-src"] == ["'self'", "data:"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["form-action"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["connect-src"] == ["'self'", "ws://testserver", "wss://testserver"]
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_frames_only_from_configured_webcast_hosts(client, rf):
    assert directives(client.get("/")["Content-Security-Policy"])["frame-src"] == ["'none'"]
    with override_settings(CSP_FRAME_SRC=["https://webcast.example"]):
        response = client.get("/")
    assert directives(response["Content-Security-Policy"])["frame-src"] == [
        "https://webcast.example"
    ]
    request = rf.get("/")
    csp_allow_frame(request, "https://player.example:8443/embed/7?x=1")
    csp_allow_frame(request, "http://insecure.example/embed")  # never a plain-http frame
    csp_allow_frame(request, "javascript:alert(1)")
    assert directives(policy_for(request))["frame-src"] == ["https://player.example:8443"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)


def test_no_template_has_an_inline_script_or_event_handler():
    roots = [Path(settings.BASE_DIR) / name for name in ("templates", "forum", "sessions")]
    offenders = []
    for root in roots:
        for template in root.rglob("*.html"):
            text = template.read_text()
            if INLINE_SCRIPT.search(text) or EVENT_HANDLER.search(text):
                offenders.append(str(template.relative_to(settings.BASE_DIR)))
    assert offenders == []
