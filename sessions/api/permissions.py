"""The API reads; nobody writes through it, signed in or not."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadOnly(BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS
