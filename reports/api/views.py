"""Published session reports, read-only, in the public API (docs/api.md)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from reports.api.serializers import ReportSerializer
from reports.selectors import api_reports


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("forum", OpenApiTypes.STR, description="The forum's slug."),
            OpenApiParameter("session", OpenApiTypes.INT, description="A session's id."),
        ]
    )
)
class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Approved (published) session reports of published programmes."""

    serializer_class = ReportSerializer

    def get_queryset(self):
        params = self.request.query_params
        session = params.get("session")
        try:
            session_id = int(session) if session else None
        except ValueError:
            raise ValidationError({"session": "A whole number."}) from None
        return api_reports(forum_slug=params.get("forum", ""), session_id=session_id)
