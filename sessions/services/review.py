"""Writes of the review stage: a reviewer's scores and comments.

Every function is keyword-only, checks who acts, writes in one transaction and takes ``now`` so
that the demo forum can replay a review period at fixed times. Setup, conflicts, assignment and
reminders have their own modules; their public names are re-exported here for callers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from forum.models import User
from sessions.models import (
    Proposal,
    Review,
    ReviewScore,
)
from sessions.rules import review as review_rules
from sessions.selectors.results import weighted_total
from sessions.selectors.review import eligible_proposals, mag_members, review_settings_of
from sessions.services.conflicts import conflicts_detect, find_conflicts
from sessions.services.reminders import pending_by_reviewer, reminders_send, reminders_send_all
from sessions.services.review_assignment import (
    AssignmentOutcome,
    assignment_add,
    assignment_remove,
    assignment_run,
    build_problem,
    conflict_declare,
)
from sessions.services.review_setup import (
    DEFAULT_TEMPLATES,
    now_or_default,
    require,
    review_setup_defaults,
)


@dataclass(frozen=True)
class ScoreInput:
    value: int | None
    reason_id: int | None = None
    reason_text: str = ""


@transaction.atomic
def review_save(
    *,
    proposal: Proposal,
    reviewer: User,
    scores: dict[int, ScoreInput],
    comment_to_organizers: str = "",
    note_for_mag: str = "",
    submit: bool = False,
    now: dt.datetime | None = None,
) -> Review:
    """Save a reviewer's draft, or submit it. A draft keeps whatever is entered (partial scores
    included, no total); submitting needs every criterion scored and a reason for every low
    score. A submitted review stays submitted: it changes only as a whole, valid review, whichever
    button was used. Every problem is reported at once (ValidationError keyed
    ``score_<criterion id>``, ``reason_<criterion id>``, ...)."""
    now = now_or_default(now)
    require(
        review_rules.can_review_proposal,
        reviewer,
        proposal,
        _("This proposal is not on your review list."),
    )
    config = review_settings_of(proposal.forum)
    if not config.is_open(now):
        raise ValidationError(_("The review period is closed: reviews cannot be changed."))
    criteria = list(proposal.forum.review_criteria.all())
    if not criteria:
        raise ValidationError(_("The secretariat has not set the review criteria yet."))
    reasons = {r.pk for r in proposal.forum.low_score_reasons.all()}
    review, _created = Review.objects.select_for_update().get_or_create(
        proposal=proposal, reviewer=reviewer, defaults={"created_at": now}
    )
    # Turning a submitted review back into a partial one would drop its scores from the results.
    complete = submit or review.status == Review.Status.SUBMITTED
    errors: dict[str, str] = {}
    clean: dict[int, ScoreInput] = {}
    for criterion in criteria:
        given = scores.get(criterion.pk)
        key = str(criterion.pk)
        if given is None or given.value is None:
            if complete:
                errors[f"score_{key}"] = _("Give a score from %(lo)s to %(hi)s.") % {
                    "lo": criterion.min_score,
                    "hi": criterion.max_score,
                }
            continue
        if not criterion.min_score <= given.value <= criterion.max_score:
            errors[f"score_{key}"] = _("The score must be from %(lo)s to %(hi)s.") % {
                "lo": criterion.min_score,
                "hi": criterion.max_score,
            }
            continue
        if given.reason_id is not None and given.reason_id not in reasons:
            errors[f"reason_{key}"] = _("Choose a reason from the list.")
            continue
        if len(given.reason_text) > 2000:
            errors[f"reason_text_{key}"] = _("Keep the explanation under 2,000 characters.")
            continue
        if complete and given.value <= config.reason_required_at_or_below:
            if given.reason_id is None:
                errors[f"reason_{key}"] = _(
                    "A score of %(value)s needs a reason: choose one from the list."
                ) % {"value": given.value}
            if not given.reason_text.strip():
                errors[f"reason_text_{key}"] = _(
                    "A score of %(value)s needs a few words of explanation."
                ) % {"value": given.value}
        clean[criterion.pk] = given
    for field, value in (
        ("comment_to_organizers", comment_to_organizers),
        ("note_for_mag", note_for_mag),
    ):
        if len(value) > 5000:
            errors[field] = _("Keep this under 5,000 characters.")
    if errors:
        if complete and not submit:
            errors["__all__"] = _(
                "This review is submitted: changes are saved only as a complete review, with "
                "every criterion scored."
            )
        # Raising rolls the transaction back: the row get_or_create made above is not kept.
        raise ValidationError(errors)

    review.comment_to_organizers = comment_to_organizers
    review.note_for_mag = note_for_mag
    review.updated_at = now
    ReviewScore.objects.filter(review=review).exclude(criterion_id__in=clean).delete()
    for criterion_id, given in clean.items():
        ReviewScore.objects.update_or_create(
            review=review,
            criterion_id=criterion_id,
            defaults={
                "value": given.value,
                "reason_id": given.reason_id,
                "reason_text": given.reason_text.strip(),
            },
        )
    if complete:
        review.status = Review.Status.SUBMITTED
        review.submitted_at = review.submitted_at or now
        # Every criterion is scored here, so the total never divides by an empty set.
        review.total = weighted_total({c: s.value for c, s in clean.items()}, criteria)
    else:
        review.total = None
    review.save()
    return review


# Re-exported: callers know these as ``sessions.services.review.<name>``.
__all__ = [
    "DEFAULT_TEMPLATES",
    "AssignmentOutcome",
    "ScoreInput",
    "assignment_add",
    "assignment_remove",
    "assignment_run",
    "build_problem",
    "conflict_declare",
    "conflicts_detect",
    "eligible_proposals",
    "find_conflicts",
    "mag_members",
    "pending_by_reviewer",
    "reminders_send",
    "reminders_send_all",
    "review_save",
    "review_settings_of",
    "review_setup_defaults",
    "weighted_total",
]
