"""Read-only endpoints of the public API. Only public forums and published sessions; filters
by query parameter; paginated; anonymous use is throttled per client address."""

from __future__ import annotations

import datetime as dt

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from sessions.api import serializers
from sessions.selectors.public_api import (
    api_rooms,
    api_sessions,
    api_speakers,
    api_versions,
    public_forums,
)

FORUM = OpenApiParameter("forum", OpenApiTypes.STR, description="The forum's slug.")


def _int(request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationError({name: "A whole number."}) from None


def _day(request) -> dt.date | None:
    value = request.query_params.get("day")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({"day": "A date as YYYY-MM-DD."}) from None


class ForumViewSet(viewsets.ReadOnlyModelViewSet):
    """Public forums."""

    serializer_class = serializers.ForumSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return public_forums().order_by("-start_date", "name")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            FORUM,
            OpenApiParameter(
                "day", OpenApiTypes.DATE, description="A day, in the forum's time zone."
            ),
            OpenApiParameter("room", OpenApiTypes.INT, description="A room's id."),
            OpenApiParameter("theme", OpenApiTypes.INT, description="A theme's or sub-theme's id."),
            OpenApiParameter("type", OpenApiTypes.STR, description="A session type's code."),
        ]
    )
)
class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    """Sessions of published programmes (cancelled ones included, marked as cancelled)."""

    serializer_class = serializers.SessionSerializer

    def get_queryset(self):
        params = self.request.query_params
        return api_sessions(
            forum=params.get("forum", ""),
            day=_day(self.request),
            room=_int(self.request, "room"),
            theme=_int(self.request, "theme"),
            session_type=params.get("type", ""),
        )


@extend_schema_view(list=extend_schema(parameters=[FORUM]))
class SpeakerViewSet(viewsets.ReadOnlyModelViewSet):
    """Speakers and moderators of published sessions: names and organisations, no contact."""

    serializer_class = serializers.SpeakerSerializer

    def get_queryset(self):
        return api_speakers(forum=self.request.query_params.get("forum", ""))


@extend_schema_view(list=extend_schema(parameters=[FORUM]))
class RoomViewSet(viewsets.ReadOnlyModelViewSet):
    """Rooms of public forums."""

    serializer_class = serializers.RoomSerializer

    def get_queryset(self):
        return api_rooms(forum=self.request.query_params.get("forum", ""))


@extend_schema_view(list=extend_schema(parameters=[FORUM]))
class ProgrammeVersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Published versions of the programmes, newest first, with what each changed."""

    serializer_class = serializers.ProgrammeVersionSerializer

    def get_queryset(self):
        return api_versions(forum=self.request.query_params.get("forum", ""))
