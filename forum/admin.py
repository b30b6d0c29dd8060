from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from forum.admin_site import ForumScopedAdmin, ReadOnlyForSecretariatAdmin, secretariat_forum_ids
from forum.models import (
    SDG,
    Forum,
    ForumPhase,
    ForumRole,
    QueuedMail,
    RegionalGroup,
    Room,
    StakeholderGroup,
    Theme,
    User,
    WSISActionLine,
)
from forum.rules import is_secretariat_anywhere


class PhaseInline(admin.TabularInline):
    model = ForumPhase
    extra = 0


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["name", "parent", "position"]
    show_change_link = True


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0
    fields = ["name", "capacity", "layout", "has_webcast", "has_captioning", "position"]


@admin.register(Forum)
class ForumAdmin(ForumScopedAdmin):
    forum_path = "pk"
    list_display = ["name", "acronym", "kind", "start_date", "end_date", "city", "is_public"]
    list_filter = ["kind", "is_public"]
    search_fields = ["name", "acronym", "city", "venue"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PhaseInline, ThemeInline, RoomInline]

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return qs
        return qs.filter(pk__in=secretariat_forum_ids(request.user))

    def forum_for(self, obj):
        return obj

    def has_add_permission(self, request) -> bool:
        # A new edition is created by a superuser, who then appoints its secretariat.
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


@admin.register(ForumPhase)
class ForumPhaseAdmin(ForumScopedAdmin):
    list_display = ["forum", "kind", "starts_on", "ends_on"]
    list_filter = ["kind", "forum"]
    search_fields = ["forum__name"]


@admin.register(Theme)
class ThemeAdmin(ForumScopedAdmin):
    list_display = ["name", "parent", "forum", "position"]
    list_filter = ["forum"]
    search_fields = ["name", "description"]
    list_select_related = ["parent", "forum"]


@admin.register(Room)
class RoomAdmin(ForumScopedAdmin):
    list_display = ["name", "forum", "capacity", "layout", "has_webcast", "has_captioning"]
    list_filter = ["forum", "layout", "has_webcast", "has_captioning"]
    search_fields = ["name"]
    list_select_related = ["forum"]


@admin.register(ForumRole)
class ForumRoleAdmin(ForumScopedAdmin):
    list_display = ["user", "role", "forum"]
    list_filter = ["role", "forum"]
    search_fields = ["user__name", "user__email", "user__organisation"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "forum"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["name", "email"]
    list_display = ["name", "email", "organisation", "stakeholder_group", "country", "is_active"]
    list_filter = ["stakeholder_group", "regional_group", "is_active", "is_staff"]
    search_fields = ["name", "email", "organisation"]
    readonly_fields = ["regional_group", "last_login", "date_joined"]
    list_select_related = ["stakeholder_group"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "name",
                    "organisation",
                    "stakeholder_group",
                    "country",
                    "regional_group",
                    "gender",
                ]
            },
        ),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]}),
    ]

    # The secretariat looks people up (to appoint MAG members, fix a name); only superusers
    # grant platform-wide access.
    def has_module_permission(self, request) -> bool:
        return is_secretariat_anywhere.test(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_secretariat_anywhere.test(request.user)

    def has_add_permission(self, request) -> bool:
        return is_secretariat_anywhere.test(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and (
            obj.is_superuser
            or obj.is_staff
            or obj.forum_roles.filter(role=ForumRole.Role.SECRETARIAT).exists()
        ):
            # Accounts that can administer are changed by superusers only.
            return request.user.is_superuser
        return is_secretariat_anywhere.test(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_staff", "is_superuser", "groups"]
        return fields


for model in (StakeholderGroup, RegionalGroup):
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (ReadOnlyForSecretariatAdmin,),
            {"list_display": ["name", "code", "position"], "search_fields": ["name", "code"]},
        ),
    )


@admin.register(SDG)
class SDGAdmin(ReadOnlyForSecretariatAdmin):
    list_display = ["number", "title"]
    search_fields = ["title"]


@admin.register(WSISActionLine)
class WSISActionLineAdmin(ReadOnlyForSecretariatAdmin):
    list_display = ["code", "title"]
    search_fields = ["code", "title"]


@admin.register(QueuedMail)
class QueuedMailAdmin(ForumScopedAdmin):
    list_display = ["subject", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "forum"]
    search_fields = ["to", "subject"]
    readonly_fields = ["attempts", "last_error", "created_at", "sent_at"]
    date_hierarchy = "created_at"
