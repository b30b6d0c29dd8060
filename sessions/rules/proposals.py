"""Predicates for the proposals stage.

Object predicates take ``(user, proposal)``; forum predicates take ``(user, forum)``.
"""

from __future__ import annotations

import rules

from forum.rules import is_mag_member, is_secretariat


@rules.predicate
def is_proposal_organizer(user, proposal) -> bool:
    """One of the proposal's organizers with an account (the creator is always one)."""
    if proposal is None or not user.is_authenticated:
        return False
    if proposal.created_by_id == user.pk:
        return True
    cache = getattr(proposal, "_organizer_user_ids", None)
    if cache is None:
        cache = {o.user_id for o in proposal.organizers.all()}
        proposal._organizer_user_ids = cache
    return user.pk in cache


@rules.predicate
def is_authenticated(user, obj=None) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def mag_may_submit(user, forum) -> bool:
    call = getattr(forum, "call", None)
    return bool(call and call.mag_may_submit)


@rules.predicate
def is_withdrawn(user, proposal) -> bool:
    return proposal.status == proposal.Status.WITHDRAWN


@rules.predicate
def before_deadline(user, proposal) -> bool:
    from django.utils import timezone

    from sessions.services.proposals import deadline_for

    deadline = deadline_for(forum=proposal.forum, session_type=proposal.session_type)
    return deadline is None or timezone.now() <= deadline


#: Anyone with an account may propose, except MAG members when the call says they may not.
can_propose = is_authenticated & (~is_mag_member | mag_may_submit)
can_view_proposal = is_proposal_organizer | is_secretariat
can_edit_proposal = is_proposal_organizer & ~is_withdrawn & before_deadline
can_withdraw_proposal = can_edit_proposal
can_screen_proposals = is_secretariat

rules.add_perm("programme.propose_session", can_propose)
rules.add_perm("programme.view_proposal_record", can_view_proposal)
rules.add_perm("programme.edit_proposal", can_edit_proposal)
rules.add_perm("programme.withdraw_proposal", can_withdraw_proposal)
rules.add_perm("programme.screen_proposals", can_screen_proposals)
