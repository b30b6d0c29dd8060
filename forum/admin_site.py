"""The admin site and the base class that scopes every forum's data to its secretariat."""

from __future__ import annotations

from collections import deque
from functools import cache

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from forum.rules import forum_of, is_secretariat, is_secretariat_anywhere


@cache
def forum_path_of(model) -> tuple[str, bool] | None:
    """The lookup from ``model`` to the forum its rows belong to, and whether that path may be
    empty: ``("pk", False)`` for forums, ``("forum", False)`` for a model with a forum key,
    ``("proposal__forum", False)`` for a review conflict, ``("room__session__forum", False)`` for
    a chat line; ``None`` for what belongs to no forum (people, taxonomies). Found by following
    the model's own foreign keys, shortest path first, required keys before optional ones, so
    that a model added later is scoped without anyone declaring it."""
    from forum.models import Forum

    if model is Forum:
        return ("pk", False)
    user_model = settings.AUTH_USER_MODEL.lower()
    for allow_null in (False, True):
        queue = deque([(model, "", False)])
        seen = {model}
        while queue:
            current, path, nullable = queue.popleft()
            if path.count("__") >= 4:
                continue
            fields = sorted(
                (
                    f
                    for f in current._meta.get_fields()
                    if f.concrete and (f.many_to_one or f.one_to_one) and f.related_model
                ),
                key=lambda f: (f.name != "forum", f.null, f.name),
            )
            for field in fields:
                if field.null and not allow_null:
                    continue
                target = field.related_model
                step = f"{path}__{field.name}" if path else field.name
                if target is Forum:
                    return (step, nullable or field.null)
                label = target._meta.label_lower
                if target in seen or label == user_model:
                    continue
                seen.add(target)
                queue.append((target, step, nullable or field.null))
    return None


def scoped_to_forums(queryset: QuerySet, forum_ids) -> QuerySet:
    """``queryset`` reduced to the rows of the given forums (rows of no forum stay)."""
    found = forum_path_of(queryset.model)
    if found is None:
        return queryset
    path, nullable = found
    condition = Q(**{f"{path}__in": list(forum_ids)})
    if nullable:
        condition |= Q(**{f"{path}__isnull": True})
    return queryset.filter(condition)


class ScopedChoicesMixin:
    """Every foreign key and many-to-many field of an admin form offers, and accepts, only rows
    of the forums the user runs: the form field's queryset is what Django validates a posted id
    against, so a row of another forum is neither listed nor accepted. The site mixes this into
    every admin and inline it registers (:meth:`PlenariaAdminSite.register`)."""

    def _scope_field(self, field, request):
        if field is not None and hasattr(field, "queryset") and not request.user.is_superuser:
            field.queryset = scoped_to_forums(field.queryset, secretariat_forum_ids(request.user))
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self._scope_field(field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self._scope_field(field, request)


def _scoped(cls):
    if issubclass(cls, ScopedChoicesMixin):
        return cls
    return type(cls.__name__, (ScopedChoicesMixin, cls), {"__module__": cls.__module__})


class PlenariaAdminSite(admin.AdminSite):
    site_header = _("Plenaria administration")
    site_title = _("Plenaria")
    index_title = _("Forum administration")

    def has_permission(self, request) -> bool:
        return is_secretariat_anywhere.test(request.user)

    def register(self, model_or_iterable, admin_class=None, **options):
        # Whoever registers an admin, its forms (and its inlines' forms) are scoped.
        admin_class = _scoped(admin_class or admin.ModelAdmin)
        admin_class.inlines = [_scoped(inline) for inline in getattr(admin_class, "inlines", [])]
        return super().register(model_or_iterable, admin_class, **options)


def secretariat_forum_ids(user) -> list[int]:
    from forum.models import Forum, ForumRole

    if user.is_superuser:
        return list(Forum.objects.values_list("pk", flat=True))
    return list(
        ForumRole.objects.filter(user=user, role=ForumRole.Role.SECRETARIAT).values_list(
            "forum_id", flat=True
        )
    )


class ForumScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
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
