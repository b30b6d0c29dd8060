"""The call for proposals and its session types, as the secretariat configures them (the settings
pages and the demo)."""

from __future__ import annotations

from django.db import transaction

from forum.models import Forum, StakeholderGroup
from sessions.models import (
    CallForProposals,
    SessionType,
)
from sessions.selectors.call import call_for

# --- Writes -------------------------------------------------------------------------------------


@transaction.atomic
def call_configure(*, forum: Forum, **fields) -> CallForProposals:
    """Create or change the forum's call; the criteria of its proposals are evaluated again."""
    from sessions.services.screening import call_refresh_criteria

    call = call_for(forum=forum) or CallForProposals(forum=forum)
    for name, value in fields.items():
        setattr(call, name, value)
    call.full_clean()
    call.save()
    forum.call = call
    call_refresh_criteria(call=call)
    return call


@transaction.atomic
def session_type_save(
    *,
    forum: Forum,
    code: str,
    name: str,
    allowed_stakeholder_groups: list[StakeholderGroup] | None = None,
    **fields,
) -> SessionType:
    """Create or change one of the forum's session types, with its own rules."""
    session_type = SessionType.objects.filter(forum=forum, code=code).first() or SessionType(
        forum=forum, code=code
    )
    session_type.name = name
    for field_name, value in fields.items():
        setattr(session_type, field_name, value)
    session_type.full_clean()
    session_type.save()
    if allowed_stakeholder_groups is not None:
        session_type.allowed_stakeholder_groups.set(allowed_stakeholder_groups)
    return session_type


# The proposal services as callers know them: ``sessions.services.proposals.<name>``.
