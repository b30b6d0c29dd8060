"""Admin for the programme: sessions."""

from django.contrib import admin

from forum.admin_site import ForumScopedAdmin
from sessions.models import Session


@admin.register(Session)
class SessionAdmin(ForumScopedAdmin):
    list_display = ["title", "session_type", "forum", "room", "starts_at", "is_public"]
    list_filter = ["forum", "session_type", "is_public", "room"]
    search_fields = ["title", "description", "proposal__reference"]
    list_select_related = ["forum", "session_type", "room"]
    autocomplete_fields = ["moderators"]
    raw_id_fields = ["proposal"]
