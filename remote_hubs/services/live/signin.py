"""Whether the person behind an open live socket is still signed in.

A socket outlives the page that opened it: after logging out elsewhere, or after a password change
(which changes the session's auth hash), the socket must stop writing. The check reads the session
the socket was opened with, afresh, and applies Django's own rule (``channels.auth.get_user``: the
session names this person, their backend, and a hash that matches their current password).
"""

from __future__ import annotations

from importlib import import_module

from channels.auth import get_user
from django.conf import settings


async def still_signed_in(*, scope, user) -> bool:
    """True for visitors (nothing to check), and for a person whose session still holds."""
    if not user.is_authenticated:
        return True
    session = scope.get("session")
    session_key = getattr(session, "session_key", None)
    if not session_key:
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)
    current = await get_user({"session": store})
    return bool(current.is_authenticated and current.pk == user.pk)
