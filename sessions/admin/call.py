"""Admin for the call: the secretariat configures its forum's call and session types."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from forum.admin_site import ForumScopedAdmin
from sessions.models import CallForProposals, SessionType
from sessions.services.screening import call_refresh_criteria


@admin.register(SessionType)
class SessionTypeAdmin(ForumScopedAdmin):
    list_display = [
        "name",
        "forum",
        "allowed_durations",
        "min_speakers",
        "max_speakers",
        "deadline",
        "open_for_proposals",
        "position",
    ]
    list_filter = ["forum", "open_for_proposals"]
    search_fields = ["name", "code"]
    filter_horizontal = ["allowed_stakeholder_groups"]


@admin.register(CallForProposals)
class CallForProposalsAdmin(ForumScopedAdmin):
    list_display = ["forum", "opens_at", "closes_at"]
    search_fields = ["forum__name", "forum__acronym"]
    fieldsets = [
        (None, {"fields": ["forum", "opens_at", "closes_at", "guidance"]}),
        (
            _("Limits"),
            {
                "fields": [
                    "max_proposals_per_person",
                    "max_proposals_per_institution",
                    "max_sessions_per_speaker",
                    "mag_may_submit",
                    "require_moderators",
                    "description_word_limit",
                ]
            },
        ),
        (
            _("Minimum criteria"),
            {
                "fields": [
                    ("require_confirmed_speakers", "min_confirmed_speakers"),
                    "require_gender_diversity",
                    ("require_stakeholder_diversity", "min_stakeholder_groups"),
                    ("require_onsite_presence", "min_onsite_speakers"),
                    "require_previous_report",
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The criteria may have changed: every proposal's result is evaluated again.
        call_refresh_criteria(call=obj)
