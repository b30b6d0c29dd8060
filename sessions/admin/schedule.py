"""Admin for the programme's grid, the scheduler's runs, the draft, published versions and
participants' bookmarks. The desk pages (``/forums/<slug>/schedule/``) are where the secretariat
works; the admin is for looking things up and putting them right."""

from django.contrib import admin

from forum.admin_site import ForumScopedAdmin
from sessions.models import (
    BlockedPeriod,
    Bookmark,
    CalendarFeed,
    DraftPlacement,
    PersonUnavailability,
    ProgrammeDay,
    ProgrammeVersion,
    RoomAvailability,
    SchedulerSettings,
    ScheduleRun,
)


class ReadOnlyForumAdmin(ForumScopedAdmin):
    """Rows that services write (runs, versions) or that belong to participants (bookmarks)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ProgrammeDay)
class ProgrammeDayAdmin(ForumScopedAdmin):
    list_display = ["date", "forum", "starts_at", "ends_at", "slot_minutes"]
    list_filter = ["forum"]
    search_fields = ["forum__name"]


@admin.register(BlockedPeriod)
class BlockedPeriodAdmin(ForumScopedAdmin):
    list_display = ["label", "forum", "room", "starts_at", "ends_at"]
    list_filter = ["forum"]
    search_fields = ["label", "room__name"]
    list_select_related = ["forum", "room"]


@admin.register(RoomAvailability)
class RoomAvailabilityAdmin(ForumScopedAdmin):
    forum_path = "room__forum"
    list_display = ["room", "starts_at", "ends_at"]
    list_filter = ["room__forum"]
    search_fields = ["room__name"]
    list_select_related = ["room"]


@admin.register(PersonUnavailability)
class PersonUnavailabilityAdmin(ForumScopedAdmin):
    list_display = ["email", "forum", "starts_at", "ends_at", "note"]
    list_filter = ["forum"]
    search_fields = ["email", "note", "user__name"]
    raw_id_fields = ["user"]


@admin.register(SchedulerSettings)
class SchedulerSettingsAdmin(ForumScopedAdmin):
    list_display = ["forum", "time_limit_seconds"]
    search_fields = ["forum__name"]


@admin.register(ScheduleRun)
class ScheduleRunAdmin(ReadOnlyForumAdmin):
    list_display = ["pk", "forum", "status", "objective", "created_at", "applied_at"]
    list_filter = ["forum", "status"]
    search_fields = ["forum__name", "status", "error"]


@admin.register(ProgrammeVersion)
class ProgrammeVersionAdmin(ReadOnlyForumAdmin):
    list_display = ["number", "forum", "published_at", "published_by"]
    list_filter = ["forum"]
    search_fields = ["forum__name", "note"]


@admin.register(DraftPlacement)
class DraftPlacementAdmin(ForumScopedAdmin):
    forum_path = "session__forum"
    list_display = ["session", "room", "starts_at", "ends_at", "cancelled"]
    list_filter = ["session__forum", "cancelled"]
    search_fields = ["session__title"]
    list_select_related = ["session", "room"]
    raw_id_fields = ["session", "updated_by"]


@admin.register(Bookmark)
class BookmarkAdmin(ReadOnlyForumAdmin):
    forum_path = "session__forum"
    list_display = ["session", "user", "created_at"]
    list_filter = ["session__forum"]
    search_fields = ["session__title", "user__email"]
    list_select_related = ["session", "user"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """A person's secret feed address spans forums: superusers only (to revoke one)."""

    list_display = ["user", "created_at"]
    search_fields = ["user__email", "user__name"]
    readonly_fields = ["token", "created_at"]
    raw_id_fields = ["user"]

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser
