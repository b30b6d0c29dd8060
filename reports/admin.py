from django.contrib import admin

from forum.admin_site import ForumScopedAdmin
from reports.models import ReportReminder, ReportSettings, SessionReport


@admin.register(ReportSettings)
class ReportSettingsAdmin(ForumScopedAdmin):
    list_display = ["forum", "short_due_hours", "full_due_days", "reminder_hours_before"]


@admin.register(SessionReport)
class SessionReportAdmin(ForumScopedAdmin):
    forum_path = "session__forum"
    list_display = ["session", "kind", "status", "due_at", "published_at"]
    list_filter = ["kind", "status"]
    search_fields = ["session__title"]
    autocomplete_fields = ["session"]
    readonly_fields = [
        "platform_facts",
        "prefill_status",
        "prefill_error",
        "prefilled_at",
        "revision",
        "submitted_at",
        "submitted_by",
        "reviewed_at",
        "reviewed_by",
        "updated_by",
    ]


@admin.register(ReportReminder)
class ReportReminderAdmin(ForumScopedAdmin):
    forum_path = "report__session__forum"
    list_display = ["report", "stage", "sent_at"]
    list_filter = ["stage"]
    readonly_fields = ["report", "stage", "sent_at"]
