"""The secretariat's settings of a forum's call, review and session types, as its own pages save
them: the permission checked here, the validation and the writes those of the call and review
services."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from forum.models import Forum, StakeholderGroup, User
from forum.rules import can_manage_forum
from sessions.models import CallForProposals, ReviewSettings, SessionType
from sessions.services.call_setup import call_configure, session_type_save
from sessions.services.review_setup import require, review_setup_defaults


def _require_secretariat(by: User, forum: Forum) -> None:
    require(can_manage_forum, by, forum, _("Only the forum's secretariat changes its settings."))


@transaction.atomic
def call_settings_save(*, forum: Forum, by: User, fields: dict) -> CallForProposals:
    """Change the forum's call (its dates, limits and minimum criteria)."""
    _require_secretariat(by, forum)
    return call_configure(forum=forum, **fields)


@transaction.atomic
def review_settings_save(*, forum: Forum, by: User, fields: dict) -> ReviewSettings:
    """Change how the forum's MAG reviews; the IGF's criteria come with the first save."""
    _require_secretariat(by, forum)
    row = review_setup_defaults(forum=forum)
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    return row


def session_type_settings_save(
    *,
    forum: Forum,
    by: User,
    code: str,
    name: str,
    allowed_stakeholder_groups: list[StakeholderGroup],
    fields: dict,
) -> SessionType:
    """Create or change one of the forum's session types, with its own rules."""
    _require_secretariat(by, forum)
    return session_type_save(
        forum=forum,
        code=code,
        name=name,
        allowed_stakeholder_groups=allowed_stakeholder_groups,
        **fields,
    )
