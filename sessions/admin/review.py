"""Admin for the review stage: the secretariat's settings, criteria, reasons, theme groups and
notification templates. Reviews, scores and decisions are deliberately not here: they are read
and written through the review pages, which apply the conflict-of-interest rules."""

from django.contrib import admin

from forum.admin_site import ForumScopedAdmin
from sessions.models import (
    LowScoreReason,
    NotificationTemplate,
    ReviewConflict,
    ReviewCriterion,
    ReviewerTheme,
    ReviewSettings,
)


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(ForumScopedAdmin):
    list_display = [
        "forum",
        "reviewers_per_proposal",
        "anonymous",
        "hide_scores_until_submitted",
        "opens_at",
        "closes_at",
        "slots",
    ]


@admin.register(ReviewCriterion)
class ReviewCriterionAdmin(ForumScopedAdmin):
    list_display = ["name", "forum", "weight", "min_score", "max_score", "position"]
    list_filter = ["forum"]
    list_editable = ["weight", "position"]


@admin.register(LowScoreReason)
class LowScoreReasonAdmin(ForumScopedAdmin):
    list_display = ["text", "forum", "position"]
    list_filter = ["forum"]


@admin.register(ReviewerTheme)
class ReviewerThemeAdmin(ForumScopedAdmin):
    list_display = ["reviewer", "theme", "forum"]
    list_filter = ["forum"]
    autocomplete_fields = ["reviewer"]


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(ForumScopedAdmin):
    list_display = ["outcome", "forum", "subject"]
    list_filter = ["forum"]


@admin.register(ReviewConflict)
class ReviewConflictAdmin(ForumScopedAdmin):
    forum_path = "proposal__forum"
    list_display = ["reviewer", "proposal", "source", "created_at"]
    list_filter = ["source"]
    search_fields = ["reviewer__name", "proposal__title"]
    raw_id_fields = ["proposal", "reviewer"]
