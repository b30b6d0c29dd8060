"""Review setup: the IGF's default criteria, low-score reasons and notification templates, and
the helpers the review services share (the clock, the permission check, the forum's lock)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from forum.models import Forum
from sessions.models import (
    LowScoreReason,
    NotificationTemplate,
    Outcome,
    ReviewCriterion,
    ReviewSettings,
)

#: The IGF's criteria (MAG evaluation of workshop proposals), scored 1-5.
IGF_CRITERIA = [
    ("Relevance to the theme", "Does the proposal address the forum's theme and sub-theme?", 1),
    (
        "Content and policy questions",
        "Are the policy questions clear, focused and likely to produce useful outcomes?",
        1,
    ),
    (
        "Diversity of speakers and organizers",
        "Stakeholder groups, regions, gender, newcomers and developing countries.",
        1,
    ),
    (
        "Format and interaction",
        "Does the format suit the aims, and will onsite and online participants take part?",
        1,
    ),
]
LOW_SCORE_REASONS = [
    "Weak link to the theme or sub-theme",
    "Policy questions unclear or too broad",
    "Little diversity among speakers or organizers",
    "Format does not suit the session's aims",
    "Little interaction planned with onsite and online participants",
    "Overlaps with other proposals",
    "Other (explained below)",
]
DEFAULT_TEMPLATES = {
    Outcome.ACCEPT: (
        "{forum}: your proposal “{title}” is accepted",
        "Dear {organizer_name},\n\nWe are pleased to tell you that the MAG has accepted your "
        "proposal “{title}” for {forum}.\n\n{message}\n\nComments from the reviewers:\n"
        "{comments}\n\nDetails: {link}\n\nThe {forum} secretariat",
    ),
    Outcome.ACCEPT_WITH_CONDITIONS: (
        "{forum}: your proposal “{title}” is accepted with conditions",
        "Dear {organizer_name},\n\nThe MAG has accepted your proposal “{title}” on these "
        "conditions:\n{conditions}\n\nPlease confirm that you accept them on {link}.\n\n"
        "{message}\n\nComments from the reviewers:\n{comments}\n\nThe {forum} secretariat",
    ),
    Outcome.MERGE: (
        "{forum}: a merger suggested for your proposal “{title}”",
        "Dear {organizer_name},\n\nThe MAG suggests that your proposal “{title}” merges with "
        "“{merge_with}”, which covers similar ground.\n\n{message}\n\nPlease answer on {link}."
        "\n\nComments from the reviewers:\n{comments}\n\nThe {forum} secretariat",
    ),
    Outcome.OTHER_FORMAT: (
        "{forum}: another format offered for your proposal “{title}”",
        "Dear {organizer_name},\n\nThe MAG offers your proposal “{title}” a place as "
        "{offered_format}.\n\n{message}\n\nPlease answer on {link}.\n\nComments from the "
        "reviewers:\n{comments}\n\nThe {forum} secretariat",
    ),
    Outcome.REJECT: (
        "{forum}: your proposal “{title}”",
        "Dear {organizer_name},\n\nThank you for proposing “{title}”. The MAG received many more "
        "proposals than the programme has room for, and could not accept yours.\n\n{message}\n\n"
        "Comments from the reviewers:\n{comments}\n\nDetails: {link}\n\nThe {forum} secretariat",
    ),
}


def now_or_default(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def require(predicate, user, obj, message: str) -> None:
    if not predicate.test(user, obj):
        raise PermissionDenied(message)


def review_lock(forum: Forum) -> None:
    """Serialise the forum's assignment runs and reminder rounds (two clicks, two beat runs)."""
    ReviewSettings.objects.get_or_create(forum=forum)
    ReviewSettings.objects.select_for_update().filter(forum=forum).first()


@transaction.atomic
def review_setup_defaults(*, forum: Forum) -> ReviewSettings:
    """The forum's review settings, with the IGF criteria, reasons and templates when it has none.

    Idempotent: what the secretariat has changed is left alone."""
    settings_row, _created = ReviewSettings.objects.get_or_create(forum=forum)
    if not forum.review_criteria.exists():
        ReviewCriterion.objects.bulk_create(
            ReviewCriterion(
                forum=forum, name=name, help_text=help_text, weight=Decimal(weight), position=i
            )
            for i, (name, help_text, weight) in enumerate(IGF_CRITERIA)
        )
    if not forum.low_score_reasons.exists():
        LowScoreReason.objects.bulk_create(
            LowScoreReason(forum=forum, text=text, position=i)
            for i, text in enumerate(LOW_SCORE_REASONS)
        )
    have = set(forum.notification_templates.values_list("outcome", flat=True))
    NotificationTemplate.objects.bulk_create(
        NotificationTemplate(forum=forum, outcome=outcome, subject=subject, body=body)
        for outcome, (subject, body) in DEFAULT_TEMPLATES.items()
        if outcome not in have
    )
    return settings_row
