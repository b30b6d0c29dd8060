"""The secretariat configures its forum's call and session types in the admin; nobody else's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from forum.models import ForumRole
from sessions.models import CallForProposals
from tests.factories import UserFactory, grant
from tests.sessions.factories import CallForProposalsFactory, ProposalFactory, SessionTypeFactory

pytestmark = pytest.mark.django_db


def test_each_secretariat_sees_and_changes_only_its_own_forums_call(client):
    own = CallForProposalsFactory()
    other = CallForProposalsFactory()
    SessionTypeFactory(forum=own.forum, name="Workshop")
    SessionTypeFactory(forum=other.forum, name="Other workshop", code="other")
    secretariat = UserFactory()
    grant(secretariat, own.forum, ForumRole.Role.SECRETARIAT)
    client.force_login(secretariat)
    listing = client.get(reverse("admin:programme_sessiontype_changelist")).content.decode()
    assert ">Workshop<" in listing and "Other workshop" not in listing
    assert (
        client.get(reverse("admin:programme_callforproposals_change", args=[own.pk])).status_code
        == 200
    )
    response = client.get(reverse("admin:programme_callforproposals_change", args=[other.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect: no leak
    assert CallForProposals.objects.get(pk=other.pk).max_proposals_per_person == 3


def test_saving_the_call_re_evaluates_the_proposals(client):
    call = CallForProposalsFactory()
    proposal = ProposalFactory(forum=call.forum)
    secretariat = UserFactory()
    grant(secretariat, call.forum, ForumRole.Role.SECRETARIAT)
    client.force_login(secretariat)
    data = {
        "forum": call.forum.pk,
        "opens_at_0": "2030-03-01",
        "opens_at_1": "00:00:00",
        "closes_at_0": "2030-04-30",
        "closes_at_1": "23:59:00",
        "guidance": "",
        "max_proposals_per_person": "3",
        "max_proposals_per_institution": "3",
        "max_sessions_per_speaker": "3",
        "require_moderators": "on",
        "description_word_limit": "500",
        "min_confirmed_speakers": "3",
        "min_stakeholder_groups": "2",
        "min_onsite_speakers": "2",
        "require_previous_report": "on",
    }
    response = client.post(reverse("admin:programme_callforproposals_change", args=[call.pk]), data)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.criteria_failed == ["previous_report"]


def test_people_in_proposals_are_listed_per_forum_without_their_confirmation_link(client):
    from tests.sessions.factories import ProposalPersonFactory

    own = ProposalPersonFactory(name="Nele Leosk")
    ProposalPersonFactory(name="Someone Else")
    secretariat = UserFactory()
    grant(secretariat, own.proposal.forum, ForumRole.Role.SECRETARIAT)
    client.force_login(secretariat)
    listing = client.get(reverse("admin:programme_proposalperson_changelist")).content.decode()
    assert "Nele Leosk" in listing and "Someone Else" not in listing
    page = client.get(reverse("admin:programme_proposalperson_change", args=[own.pk]))
    assert page.status_code == 200
    assert str(own.confirmation_token) not in page.content.decode()
