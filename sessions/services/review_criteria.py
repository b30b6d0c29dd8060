"""The secretariat's changes to a forum's review criteria and low-score reasons, refused where they
would make stored scores wrong: a criterion or reason that scores use is never deleted, a scored
criterion keeps its scale and weight (the weighted totals were computed with them), and no
criterion is added once a review has been submitted (that review would lack its score)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from forum.models import Forum, User
from forum.rules import can_manage_forum
from sessions.models import LowScoreReason, Review, ReviewCriterion, ReviewScore
from sessions.services.review_setup import require

#: The fields of a criterion that scores depend on.
SCORED_FIELDS = ("weight", "min_score", "max_score")


def _require_secretariat(by: User, forum: Forum) -> None:
    require(can_manage_forum, by, forum, _("Only the forum's secretariat changes its settings."))


def criterion_is_scored(criterion: ReviewCriterion) -> bool:
    return criterion.pk is not None and ReviewScore.objects.filter(criterion=criterion).exists()


def reason_is_used(reason: LowScoreReason) -> bool:
    return reason.pk is not None and ReviewScore.objects.filter(reason=reason).exists()


def _next_position(queryset: models.QuerySet) -> int:
    last = queryset.aggregate(last=models.Max("position"))["last"]
    return 0 if last is None else last + 1


@transaction.atomic
def criterion_save(*, forum: Forum, by: User, criterion: ReviewCriterion) -> ReviewCriterion:
    """Add ``criterion`` to the forum or store its changes."""
    _require_secretariat(by, forum)
    if criterion.forum_id != forum.pk:
        raise ValidationError(_("This criterion belongs to another forum."))
    if criterion.pk is None:
        if Review.objects.filter(proposal__forum=forum, status=Review.Status.SUBMITTED).exists():
            raise ValidationError(
                _(
                    "Reviews have already been submitted: a new criterion would be missing from "
                    "them. Change the guidance of an existing criterion instead."
                )
            )
        criterion.position = _next_position(forum.review_criteria.all())
    elif criterion_is_scored(criterion):
        stored = ReviewCriterion.objects.select_for_update().get(pk=criterion.pk)
        changed = [f for f in SCORED_FIELDS if getattr(stored, f) != getattr(criterion, f)]
        if changed:
            message = _(
                "Reviewers have already scored this criterion: its scale and weight can no "
                "longer change. Its name and guidance can."
            )
            raise ValidationError(dict.fromkeys(changed, message))
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def criterion_delete(*, forum: Forum, by: User, criterion: ReviewCriterion) -> None:
    """Remove a criterion nobody has scored yet."""
    _require_secretariat(by, forum)
    if criterion_is_scored(criterion):
        raise ValidationError(
            _("Reviewers have already scored “%(name)s”: it cannot be removed.")
            % {"name": criterion.name}
        )
    criterion.delete()


@transaction.atomic
def low_score_reason_save(*, forum: Forum, by: User, reason: LowScoreReason) -> LowScoreReason:
    """Add ``reason`` to the forum's list or store its new wording."""
    _require_secretariat(by, forum)
    if reason.forum_id != forum.pk:
        raise ValidationError(_("This reason belongs to another forum."))
    if reason.pk is None:
        reason.position = _next_position(forum.low_score_reasons.all())
    reason.full_clean()
    reason.save()
    return reason


@transaction.atomic
def low_score_reason_delete(*, forum: Forum, by: User, reason: LowScoreReason) -> None:
    """Remove a reason no score has given."""
    _require_secretariat(by, forum)
    if reason_is_used(reason):
        raise ValidationError(
            _("Reviewers have already given “%(text)s” as a reason: it cannot be removed.")
            % {"text": reason.text}
        )
    reason.delete()


@transaction.atomic
def settings_row_move(
    *, forum: Forum, by: User, row: ReviewCriterion | LowScoreReason, up: bool
) -> None:
    """Move a criterion or reason one place up or down in its forum's list (numbered 0, 1, ...)."""
    _require_secretariat(by, forum)
    rows = list(
        type(row).objects.select_for_update().filter(forum=forum).order_by("position", "pk")
    )
    index = next(i for i, other in enumerate(rows) if other.pk == row.pk)
    target = index - 1 if up else index + 1
    if 0 <= target < len(rows):
        rows[index], rows[target] = rows[target], rows[index]
    for position, other in enumerate(rows):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])
