"""Predicates for the proposals stage.

Object predicates take ``(user, proposal)``; forum predicates take ``(user, forum)``.
"""

from __future__ import annotations

import rules

from forum.rules import is_active_user, is_mag_member, is_secretariat
from sessions.models.call import deadline_for


def organizer_keys(proposal) -> tuple[set[int], set[str]]:
    """The account ids and (lower-case) email addresses of the organizers a proposal names,
    cached on the proposal (a page asks several predicates of the same proposal)."""
    keys = getattr(proposal, "_organizer_keys", None)
    if keys is None:
        organizers = list(proposal.organizers.all())
        keys = (
            {o.user_id for o in organizers if o.user_id},
            {o.email.lower() for o in organizers if o.email},
        )
        proposal._organizer_keys = keys
    return keys


@rules.predicate
def is_proposal_organizer(user, proposal) -> bool:
    """Who counts as an organizer of a proposal, everywhere (edit, view, outcome, decisions).

    An active account that created the proposal, or that the proposal names as an organizer:
    linked by account, or by the email address of the account (accounts are active only once
    their email address is verified, so the address is theirs). Speakers and moderators named in
    the proposal are not organizers."""
    if proposal is None or not is_active_user(user):
        return False
    if proposal.created_by_id == user.pk:
        return True
    user_ids, emails = organizer_keys(proposal)
    return user.pk in user_ids or bool(user.email) and user.email.lower() in emails


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

    deadline = deadline_for(forum=proposal.forum, session_type=proposal.session_type)
    return deadline is None or timezone.now() <= deadline


#: Anyone with an account may propose, except MAG members when the call says they may not.
can_propose = is_active_user & (~is_mag_member | mag_may_submit)
can_view_proposal = is_proposal_organizer | is_secretariat
can_edit_proposal = is_proposal_organizer & ~is_withdrawn & before_deadline
can_withdraw_proposal = can_edit_proposal
can_screen_proposals = is_secretariat

rules.add_perm("programme.propose_session", can_propose)
rules.add_perm("programme.view_proposal_record", can_view_proposal)
rules.add_perm("programme.edit_proposal", can_edit_proposal)
rules.add_perm("programme.withdraw_proposal", can_withdraw_proposal)
rules.add_perm("programme.screen_proposals", can_screen_proposals)
