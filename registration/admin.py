from django.contrib import admin

from forum.admin_site import ForumScopedAdmin
from registration.models import (
    CheckIn,
    Registration,
    RegistrationSettings,
    SeatSignup,
    SessionCapacity,
    VisaLetterRequest,
)


class RecordAdmin(ForumScopedAdmin):
    """Rows the services write (check-ins, sign-ups): read in the admin, never changed there."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RegistrationSettings)
class RegistrationSettingsAdmin(ForumScopedAdmin):
    list_display = ["forum", "onsite_opens_at", "online_opens_at", "press_opens_at", "onsite_cap"]
    search_fields = ["forum__name", "privacy_notice_version"]


@admin.register(Registration)
class RegistrationAdmin(ForumScopedAdmin):
    list_display = ["user", "forum", "status", "attendance", "created_at"]
    list_filter = ["forum", "status", "attendance"]
    search_fields = ["user__email", "user__name"]
    raw_id_fields = ["user", "decided_by"]


@admin.register(CheckIn)
class CheckInAdmin(RecordAdmin):
    forum_path = "registration__forum"
    list_display = ["registration", "day", "checked_in_at", "by"]
    list_filter = ["day"]
    search_fields = ["registration__user__name", "registration__user__email"]


@admin.register(VisaLetterRequest)
class VisaLetterRequestAdmin(ForumScopedAdmin):
    forum_path = "registration__forum"
    list_display = ["registration", "nationality", "requested_at"]
    search_fields = ["registration__user__name", "registration__user__email", "passport_number"]
    raw_id_fields = ["registration"]


@admin.register(SessionCapacity)
class SessionCapacityAdmin(ForumScopedAdmin):
    forum_path = "session__forum"
    list_display = ["session", "seats", "confirmed"]
    search_fields = ["session__title"]
    raw_id_fields = ["session"]
    readonly_fields = ["confirmed"]

    def save_model(self, request, obj, form, change) -> None:
        # Through the service: it takes the session's lock and refuses fewer seats than taken.
        from registration.services.capacity import capacity_set

        saved = capacity_set(session=obj.session, seats=obj.seats)
        obj.pk, obj.confirmed = saved.pk, saved.confirmed


@admin.register(SeatSignup)
class SeatSignupAdmin(RecordAdmin):
    forum_path = "capacity__session__forum"
    list_display = ["user", "capacity", "status", "created_at", "promoted_at"]
    list_filter = ["status"]
    search_fields = ["user__name", "user__email", "capacity__session__title"]
