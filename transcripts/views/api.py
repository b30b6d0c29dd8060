"""The captioners' HTTP API: ``POST /api/captions/v1/sessions/<id>/segments`` with
``Authorization: Bearer <token>`` and a JSON segment or ``{"segments": [...]}``.

No cookies are read, so CSRF does not apply; the token names the captioner, and only captioners
assigned to the session (or its room) may write. See docs/captions.md."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from sessions.models import Session
from transcripts.services.segments import segments_from_payload, segments_store
from transcripts.services.tokens import token_authenticate

MAX_BODY = 256 * 1024
RATE = "600/m"


def _error(status: int, code: str, message, **extra) -> JsonResponse:
    body = {"error": code, "message": message, **extra}
    response = JsonResponse(body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="captions"'
    return response


@csrf_exempt
@require_http_methods(["POST"])
def segments(request: HttpRequest, session_id: int) -> JsonResponse:
    header = request.headers.get("Authorization", "")
    raw = header[7:].strip() if header.lower().startswith("bearer ") else None
    token = token_authenticate(raw)
    if token is None:
        return _error(401, "unauthenticated", "Send a valid captioner token.")
    if is_ratelimited(
        request, group="captions", key=lambda _g, _r: f"token:{token.pk}", rate=RATE, increment=True
    ):
        return _error(429, "rate_limited", "Too many requests: slow down.")
    session = (
        Session.objects.select_related("forum", "room")
        .filter(pk=session_id, forum_id=token.forum_id)
        .first()
    )
    if session is None:
        return _error(404, "not_found", "No such session in this token's forum.")
    if len(request.body) > MAX_BODY:
        return _error(413, "too_large", "The request is too large.")
    if request.content_type != "application/json":
        return _error(415, "unsupported", "Send application/json.")
    try:
        payload = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return _error(400, "bad_json", "The body is not JSON.")
    try:
        items = segments_from_payload(payload)
        result = segments_store(session=session, by=token.user, segments=items)
    except PermissionDenied as error:
        return _error(403, "forbidden", str(error))
    except ValidationError as error:
        return _error(400, "invalid", error.messages[0], errors=error.messages)
    return JsonResponse(result.as_dict(), status=200)
