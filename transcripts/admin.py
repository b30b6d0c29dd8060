from django.contrib import admin

from forum.admin_site import ForumScopedAdmin
from transcripts.models import CaptionerAssignment, CaptionerToken, Segment, Transcript


@admin.register(CaptionerAssignment)
class CaptionerAssignmentAdmin(ForumScopedAdmin):
    list_display = ["user", "room", "session", "forum"]
    list_filter = ["forum"]
    search_fields = ["user__email", "user__name", "session__title", "room__name"]
    autocomplete_fields = ["user", "session"]


@admin.register(CaptionerToken)
class CaptionerTokenAdmin(ForumScopedAdmin):
    list_display = ["name", "prefix", "user", "forum", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["forum"]
    search_fields = ["name", "prefix", "user__email"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    fields = ["forum", "user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]

    def has_add_permission(self, request) -> bool:
        # A token's secret is shown once, on the captioner's page; the admin can only revoke.
        return False


@admin.register(Transcript)
class TranscriptAdmin(ForumScopedAdmin):
    forum_path = "session__forum"
    list_display = ["session", "status", "search_config", "published_at"]
    list_filter = ["status", "session__forum"]
    search_fields = ["session__title"]
    readonly_fields = ["published_at", "published_by", "updated_at"]
    autocomplete_fields = ["session"]


@admin.register(Segment)
class SegmentAdmin(ForumScopedAdmin):
    forum_path = "transcript__session__forum"
    list_display = ["transcript", "sequence", "speaker", "start_ms", "end_ms", "revision"]
    search_fields = ["text", "speaker", "transcript__session__title"]
    readonly_fields = ["revision", "updated_at", "created_by"]
    raw_id_fields = ["transcript"]
