"""Who manages the forum's compilations, who comments on a draft, who reads a published one."""

from __future__ import annotations

import rules

from forum.rules import can_view_forum, is_active_user, is_secretariat
from registration.rules import is_registered_participant

#: Build, edit the synthesis, open and close the comment round, answer, resolve, publish.
can_manage_compilations = is_secretariat


@rules.predicate
def may_comment(user, forum) -> bool:
    """A registered (approved) participant of the forum with a working account."""
    return is_active_user.test(user) and is_registered_participant.test(user, forum)


#: Read a draft under comment (and one's own comments on it).
can_read_draft = may_comment | is_secretariat
#: Download a published final version.
can_read_published = can_view_forum
