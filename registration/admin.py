from django.contrib import admin

from forum.admin_site import ForumScopedAdmin
from registration.models import Registration


@admin.register(Registration)
class RegistrationAdmin(ForumScopedAdmin):
    list_display = ["user", "forum", "status", "attendance", "created_at"]
    list_filter = ["forum", "status", "attendance"]
    search_fields = ["user__email", "user__name"]
    raw_id_fields = ["user"]
