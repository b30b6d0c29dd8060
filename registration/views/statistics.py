"""Statistics of registration and attendance: the secretariat's page, and the public one
(aggregates only, groups under five people hidden)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from forum.rules import can_view_forum
from registration.rules import can_manage_registrations
from registration.selectors.statistics import (
    PUBLIC_MINIMUM,
    publicly_listed,
    registration_statistics,
)
from registration.views.charts import bar_chart
from registration.views.common import forum_for


def _render(request: HttpRequest, forum, *, public: bool) -> HttpResponse:
    stats = registration_statistics(forum=forum, public=public)
    sections = [
        (b, bar_chart(b.key, b.title, b.rows)) for b in [*stats.breakdowns, stats.over_time]
    ]
    return render(
        request,
        "registration/statistics.html",
        {
            "forum": forum,
            "stats": stats,
            "sections": sections,
            "public": public,
            "minimum": PUBLIC_MINIMUM,
            "listed": publicly_listed(forum=forum) if public else None,
        },
    )


@login_required
@require_http_methods(["GET"])
def secretariat_statistics(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_registrations)
    return _render(request, forum, public=False)


@require_http_methods(["GET"])
def public_statistics(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_view_forum)
    return _render(request, forum, public=True)
