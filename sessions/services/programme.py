"""Turning accepted proposals into sessions of the programme."""

from __future__ import annotations

from django.db import transaction

from sessions.models import Proposal, ProposalPerson, Session

MODERATOR_ROLES = (ProposalPerson.Role.ONSITE_MODERATOR, ProposalPerson.Role.ONLINE_MODERATOR)


@transaction.atomic
def session_create_from_proposal(*, proposal: Proposal) -> Session:
    """The programme session of an accepted proposal (idempotent: one session per proposal).

    Its moderators are the proposal's onsite and online moderators who have an account."""
    session, created = Session.objects.get_or_create(
        proposal=proposal,
        defaults={
            "forum_id": proposal.forum_id,
            "session_type_id": proposal.session_type_id,
            "title": proposal.title,
            "description": proposal.description,
            "duration": proposal.duration,
            "format": proposal.format,
            "theme_id": proposal.theme_id,
            "subtheme_id": proposal.subtheme_id,
        },
    )
    if created:
        moderator_ids = [
            user_id
            for user_id in proposal.people.filter(role__in=MODERATOR_ROLES).values_list(
                "user_id", flat=True
            )
            if user_id
        ]
        session.moderators.set(moderator_ids)
    return session


@transaction.atomic
def session_create_organised(
    *,
    forum,
    session_type,
    title: str,
    duration: int,
    description: str = "",
    format: str = "",
    expected_audience: int = 0,
) -> Session:
    """A session the secretariat organises itself (opening, main sessions, closing): it has no
    proposal."""
    return Session.objects.create(
        forum=forum,
        session_type=session_type,
        title=title,
        description=description,
        duration=duration,
        format=format,
        expected_audience=expected_audience,
    )
