"""Admin for the proposals stage: the secretariat configures its forum's call and session types."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from forum.admin_site import ForumScopedAdmin
from sessions.models import (
    CallForProposals,
    PolicyQuestion,
    Proposal,
    ProposalOrganizer,
    ProposalPerson,
    SessionType,
)
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


@admin.register(Proposal)
class ProposalAdmin(ForumScopedAdmin):
    """Read-only record for the secretariat; changes go through the organizer and screening pages."""

    list_display = ["pk", "title", "forum", "session_type", "status", "eligibility", "submitted_at"]
    list_filter = ["forum", "status", "eligibility", "session_type"]
    search_fields = ["title", "organizers__name", "organizers__organisation"]
    list_select_related = ["forum", "session_type"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ProposalPartAdmin(ForumScopedAdmin):
    """Read-only lists of what proposals hold, to search across a forum's proposals."""

    forum_path = "proposal__forum"
    list_select_related = ["proposal"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PolicyQuestion)
class PolicyQuestionAdmin(ProposalPartAdmin):
    list_display = ["text", "proposal"]
    search_fields = ["text", "proposal__title"]


@admin.register(ProposalOrganizer)
class ProposalOrganizerAdmin(ProposalPartAdmin):
    list_display = ["name", "organisation", "stakeholder_group", "country", "proposal"]
    list_filter = ["stakeholder_group"]
    search_fields = ["name", "email", "organisation", "proposal__title"]


@admin.register(ProposalPerson)
class ProposalPersonAdmin(ProposalPartAdmin):
    list_display = ["name", "role", "organisation", "confirmation", "proposal"]
    list_filter = ["role", "confirmation", "participation"]
    search_fields = ["name", "email", "organisation", "proposal__title"]
    #: The confirmation link is the speaker's secret; the admin never shows it.
    exclude = ["confirmation_token"]
