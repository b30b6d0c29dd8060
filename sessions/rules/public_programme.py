"""Who may read the published programme and keep a personal schedule.

Object predicates take ``(user, forum)`` or ``(user, session)``.
"""

from __future__ import annotations

import rules

from forum.rules import can_view_forum, forum_of, is_active_user


@rules.predicate
def is_published_session(user, session) -> bool:
    """The session is in the forum's published programme (placed, and a version exists)."""
    if session is None or not session.is_scheduled:
        return False
    from sessions.models import ProgrammeVersion

    cached = getattr(session, "_published", None)
    if cached is None:
        # The rules may not import the selectors: this is
        # sessions.selectors.public_programme.has_published_programme, spelt out.
        cached = ProgrammeVersion.objects.filter(forum_id=session.forum_id).exists()
        session._published = cached
    return cached


@rules.predicate
def can_see_forum_of(user, obj) -> bool:
    return can_view_forum.test(user, forum_of(obj))


#: The published programme is as visible as its forum.
can_view_programme = can_see_forum_of
can_view_published_session = can_see_forum_of & is_published_session
can_bookmark_session = is_active_user & can_view_published_session

rules.add_perm("programme.view_programme", can_view_programme)
rules.add_perm("programme.bookmark_session", can_bookmark_session)
