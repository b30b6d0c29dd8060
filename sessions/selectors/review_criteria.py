"""A forum's review criteria and low-score reasons in their order, each marked when scores use it."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from forum.models import Forum
from sessions.models import LowScoreReason, ReviewCriterion, ReviewScore


def criteria_for_settings(*, forum: Forum) -> QuerySet[ReviewCriterion]:
    return (
        ReviewCriterion.objects.filter(forum=forum)
        .order_by("position", "pk")
        .annotate(scored=Exists(ReviewScore.objects.filter(criterion=OuterRef("pk"))))
    )


def low_score_reasons_for_settings(*, forum: Forum) -> QuerySet[LowScoreReason]:
    return (
        LowScoreReason.objects.filter(forum=forum)
        .order_by("position", "pk")
        .annotate(used=Exists(ReviewScore.objects.filter(reason=OuterRef("pk"))))
    )
