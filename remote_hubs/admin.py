from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from forum.admin_site import ForumScopedAdmin
from remote_hubs.models import (
    ChatMessage,
    FloorRequest,
    Hub,
    HubAttendance,
    LiveAttendance,
    LiveEvent,
    LivePresence,
    LiveRoom,
    LiveSettings,
    Mute,
    Poll,
    PollVote,
    Question,
    QuestionVote,
)
from remote_hubs.services.hubs import hub_decide


@admin.register(Hub)
class HubAdmin(ForumScopedAdmin):
    list_display = [
        "city",
        "country",
        "host_institution",
        "forum",
        "status",
        "expected_participants",
    ]
    list_filter = ["forum", "status", "country"]
    search_fields = ["city", "host_institution", "coordinator_name", "coordinator_email"]
    raw_id_fields = ["coordinator"]
    filter_horizontal = ["planned_sessions"]
    readonly_fields = ["status", "created_at", "decided_at"]
    actions = ["approve", "reject"]

    def _decide(self, request, queryset, approve: bool) -> None:
        done = 0
        for hub in queryset:
            try:
                hub_decide(hub=hub, by=request.user, approve=approve)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{hub}: {error}", messages.WARNING)
        self.message_user(request, _("%(n)d hub(s) decided.") % {"n": done})

    @admin.action(description=_("Approve the selected hubs (mails the coordinators)"))
    def approve(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description=_("Reject the selected hubs (mails the coordinators)"))
    def reject(self, request, queryset):
        self._decide(request, queryset, False)


@admin.register(LiveSettings)
class LiveSettingsAdmin(ForumScopedAdmin):
    list_display = ["forum", "allow_anonymous_questions", "moderate_questions"]
    search_fields = ["forum__name"]


class LiveRecordAdmin(ForumScopedAdmin):
    """The live room's records: moderators act in the room itself; the admin looks and, where a
    row must go (abuse, a privacy request), deletes."""

    forum_path = "room__session__forum"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LiveRoom)
class LiveRoomAdmin(LiveRecordAdmin):
    forum_path = "session__forum"
    list_display = ["session", "last_seq"]
    search_fields = ["session__title"]


@admin.register(LiveEvent)
class LiveEventAdmin(LiveRecordAdmin):
    list_display = ["room", "seq", "type", "audience", "created_at"]
    list_filter = ["type", "audience"]
    search_fields = ["room__session__title", "type"]


@admin.register(ChatMessage)
class ChatMessageAdmin(LiveRecordAdmin):
    list_display = ["room", "author", "hub", "text", "created_at", "deleted_at"]
    search_fields = ["text", "author__name", "author__email"]
    raw_id_fields = ["author"]


@admin.register(Mute)
class MuteAdmin(LiveRecordAdmin):
    list_display = ["room", "user", "by", "created_at"]
    search_fields = ["user__name", "user__email"]


@admin.register(Question)
class QuestionAdmin(LiveRecordAdmin):
    list_display = ["room", "text", "author", "hub", "anonymous", "status", "created_at"]
    list_filter = ["status", "anonymous"]
    search_fields = ["text", "author__name"]


@admin.register(QuestionVote)
class QuestionVoteAdmin(LiveRecordAdmin):
    forum_path = "question__room__session__forum"
    list_display = ["question", "user", "created_at"]
    search_fields = ["question__text", "user__email"]


@admin.register(FloorRequest)
class FloorRequestAdmin(LiveRecordAdmin):
    list_display = ["room", "hub", "requested_by", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["hub__city", "hub__host_institution"]


@admin.register(Poll)
class PollAdmin(LiveRecordAdmin):
    list_display = ["room", "question", "kind", "status", "results_hidden", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["question"]


@admin.register(PollVote)
class PollVoteAdmin(LiveRecordAdmin):
    forum_path = "poll__room__session__forum"
    list_display = ["poll", "user", "created_at"]
    search_fields = ["poll__question", "user__email"]


@admin.register(LivePresence)
class LivePresenceAdmin(LiveRecordAdmin):
    list_display = ["room", "user", "hub", "seen_at"]
    search_fields = ["user__email", "channel_name"]


@admin.register(LiveAttendance)
class LiveAttendanceAdmin(LiveRecordAdmin):
    list_display = ["room", "user", "hub", "first_seen_at"]
    search_fields = ["user__email", "room__session__title"]


@admin.register(HubAttendance)
class HubAttendanceAdmin(ForumScopedAdmin):
    forum_path = "hub__forum"
    list_display = ["hub", "session", "people", "reported_at"]
    search_fields = ["hub__city", "session__title"]
    raw_id_fields = ["reported_by"]
