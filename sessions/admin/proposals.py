"""Admin for the proposals: read-only records, and the parts a proposal is made of."""

from __future__ import annotations

from django.contrib import admin

from forum.admin_site import ForumScopedAdmin
from sessions.models import (
    PolicyQuestion,
    Proposal,
    ProposalOrganizer,
    ProposalPerson,
)


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
