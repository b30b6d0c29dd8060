"""Building blocks of the registration tests: a forum whose registration is open, people."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from forum.models import ForumRole
from registration.models import RegistrationSettings
from tests.factories import ForumFactory, UserFactory, grant

NOTICE_VERSION = "2026-03"


def open_forum(*, onsite_cap: int | None = None, **windows):
    """A forum whose onsite, online and press registration are open now (unless ``windows``
    says otherwise, e.g. ``press_closes_at=...``)."""
    forum = ForumFactory()
    now = timezone.now()
    fields = {
        f"{kind}_{edge}": now
        + (dt.timedelta(days=-1) if edge == "opens_at" else dt.timedelta(days=30))
        for kind in ("onsite", "online", "press")
        for edge in ("opens_at", "closes_at")
    }
    fields.update(windows)
    RegistrationSettings.objects.create(
        forum=forum,
        onsite_cap=onsite_cap,
        privacy_notice_version=NOTICE_VERSION,
        privacy_notice="We keep your data for the forum's reports.",
        **fields,
    )
    return forum


def secretariat_of(forum):
    user = UserFactory(name="Sam Secretariat")
    grant(user, forum, ForumRole.Role.SECRETARIAT)
    return user


def desk_of(forum):
    user = UserFactory(name="Desmond Desk")
    grant(user, forum, ForumRole.Role.REGISTRATION_DESK)
    return user
