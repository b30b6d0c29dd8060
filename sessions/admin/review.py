"""Admin for the review stage: the secretariat's settings, criteria, reasons, theme groups and
notification templates. Reviews, scores, assignments and decisions are read-only here (they are
written through the services, which keep the history and the rules) and leave out every proposal
the viewer has a conflict of interest with."""

from django.contrib import admin

from forum.admin_site import ForumScopedAdmin
from sessions.models import (
    Decision,
    LowScoreReason,
    NotificationTemplate,
    Review,
    ReviewAssignment,
    ReviewConflict,
    ReviewCriterion,
    ReviewerTheme,
    ReviewReminder,
    ReviewScore,
    ReviewSettings,
)
from sessions.rules import review as review_rules


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(ForumScopedAdmin):
    search_fields = ["forum__name"]
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
    search_fields = ["name"]


@admin.register(LowScoreReason)
class LowScoreReasonAdmin(ForumScopedAdmin):
    list_display = ["text", "forum", "position"]
    list_filter = ["forum"]
    search_fields = ["text"]


@admin.register(ReviewerTheme)
class ReviewerThemeAdmin(ForumScopedAdmin):
    list_display = ["reviewer", "theme", "forum"]
    list_filter = ["forum"]
    autocomplete_fields = ["reviewer"]
    search_fields = ["reviewer__name", "theme__name"]


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(ForumScopedAdmin):
    list_display = ["outcome", "forum", "subject"]
    list_filter = ["forum"]
    search_fields = ["subject", "body"]


@admin.register(ReviewConflict)
class ReviewConflictAdmin(ForumScopedAdmin):
    forum_path = "proposal__forum"
    list_display = ["reviewer", "proposal", "source", "created_at"]
    list_filter = ["source"]
    search_fields = ["reviewer__name", "proposal__title"]
    raw_id_fields = ["proposal", "reviewer"]


class ReadOnlyReviewAdmin(ForumScopedAdmin):
    """Read-only, and blind to the proposals the viewer has a conflict of interest with."""

    proposal_path = "proposal"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(review_rules.conflict_q(request.user, self.proposal_path))
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(ReadOnlyReviewAdmin):
    forum_path = "proposal__forum"
    list_display = ["reviewer", "proposal", "assigned_by", "assigned_at"]
    search_fields = ["reviewer__name", "proposal__title"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyReviewAdmin):
    forum_path = "proposal__forum"
    list_display = ["reviewer", "proposal", "status", "total", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["reviewer__name", "proposal__title"]


@admin.register(ReviewScore)
class ReviewScoreAdmin(ReadOnlyReviewAdmin):
    forum_path = "review__proposal__forum"
    proposal_path = "review__proposal"
    list_display = ["review", "criterion", "value", "reason"]
    search_fields = ["review__proposal__title", "criterion__name"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyReviewAdmin):
    forum_path = "proposal__forum"
    list_display = ["proposal", "outcome", "is_current", "decided_by", "decided_at", "notified_at"]
    list_filter = ["outcome", "is_current"]
    search_fields = ["proposal__title", "reason"]


@admin.register(ReviewReminder)
class ReviewReminderAdmin(ForumScopedAdmin):
    list_display = ["reviewer", "forum", "pending", "sent_at"]
    search_fields = ["reviewer__name", "reviewer__email"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
