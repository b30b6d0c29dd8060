"""The admin site and the base class that scopes every forum's data to its secretariat."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from forum.rules import forum_of, is_secretariat, is_secretariat_anywhere


class PlenariaAdminSite(admin.AdminSite):
    site_header = _("Plenaria administration")
    site_title = _("Plenaria")
    index_title = _("Forum administration")

    def has_permission(self, request) -> bool:
        return is_secretariat_anywhere.test(request.user)


def secretariat_forum_ids(user) -> list[int]:
    from forum.models import Forum, ForumRole

    if user.is_superuser:
        return list(Forum.objects.values_list("pk", flat=True))
    return list(
        ForumRole.objects.filter(user=user, role=ForumRole.Role.SECRETARIAT).values_list(
            "forum_id", flat=True
        )
    )


class ForumScopedAdmin(admin.ModelAdmin):
    """Admin for a model that belongs to a forum: each secretariat sees and edits only its own
    forums' rows. ``forum_path`` is the lookup from the model to its forum."""

    forum_path = "forum"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.forum_path}__in": secretariat_forum_ids(request.user)})

    def _allowed(self, request, obj=None) -> bool:
        if obj is None:
            return is_secretariat_anywhere.test(request.user)
        return is_secretariat.test(request.user, self.forum_for(obj))

    def forum_for(self, obj):
        target = obj
        for part in self.forum_path.split("__"):
            target = getattr(target, part)
        return forum_of(target) or target

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request, obj)

    def has_add_permission(self, request) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allowed(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from forum.models import Forum

        if db_field.related_model is Forum and not request.user.is_superuser:
            kwargs["queryset"] = Forum.objects.filter(pk__in=secretariat_forum_ids(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyForSecretariatAdmin(admin.ModelAdmin):
    """Reference data (taxonomies): the secretariat reads it, only superusers change it."""

    def has_module_permission(self, request) -> bool:
        return is_secretariat_anywhere.test(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_secretariat_anywhere.test(request.user)

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser
