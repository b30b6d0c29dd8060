"""Submitting a proposal through the services: drafts, the checks on every field, the session
type's rules and text stored exactly as typed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError

from forum.models import QueuedMail, StakeholderGroup
from sessions.models import PolicyQuestion, Proposal, ProposalPerson
from sessions.services.proposals import (
    ProposalInput,
    proposal_save_draft,
)
from tests.sessions.proposal_data import DURING_CALL, Setup, group, with_people
from tests.sessions.proposal_submitting import errors_of, submit

pytestmark = pytest.mark.django_db


def test_a_draft_is_saved_with_nothing_filled_in():
    setup = Setup()
    proposal = proposal_save_draft(
        forum=setup.forum, by=setup.organizer, data=ProposalInput(), now=DURING_CALL
    )
    assert proposal.status == Proposal.Status.DRAFT
    assert proposal.title == ""
    assert proposal.created_by == setup.organizer
    assert QueuedMail.objects.count() == 0


def test_a_draft_with_an_over_long_title_is_refused_and_nothing_is_stored():
    setup = Setup()
    with pytest.raises(ValidationError) as excinfo:
        proposal_save_draft(
            forum=setup.forum,
            by=setup.organizer,
            data=ProposalInput(title="x" * 201),
            now=DURING_CALL,
        )
    assert list(errors_of(excinfo)) == ["title"]
    assert Proposal.objects.count() == 0


def test_submitting_stores_everything_and_asks_each_named_person_to_confirm():
    setup = Setup()
    proposal = submit(setup, site_url="https://plenaria.example/")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    assert proposal.submitted_at == DURING_CALL
    assert proposal.criteria_failed == []
    assert [q.text for q in proposal.policy_questions.all()] == [
        "What role should the IGF play in digital cooperation?"
    ]
    organizer = proposal.organizers.get()
    assert (organizer.user, organizer.is_primary, organizer.country.code) == (
        setup.organizer,
        True,
        "DE",
    )
    assert proposal.people.count() == 6
    receipt = QueuedMail.objects.get(to=setup.organizer.email)
    assert (
        receipt.subject
        == "Proposal received: The GovStack Initiative: digital government cooperation"
    )
    assert (
        f"https://plenaria.example/forums/{setup.forum.slug}/proposals/{proposal.pk}/"
        in receipt.body
    )
    invitations = QueuedMail.objects.exclude(pk=receipt.pk).order_by("to")
    assert [m.to for m in invitations] == sorted(
        [
            "speaker0@example.org",
            "speaker1@example.org",
            "speaker2@example.org",
            "speaker10@example.org",
            "speaker11@example.org",
            "speaker12@example.org",
        ]
    )
    person = proposal.people.get(email="speaker0@example.org")
    link = f"https://plenaria.example/forums/{setup.forum.slug}/proposals/answer/{person.confirmation_token}/"
    assert link in invitations.get(to="speaker0@example.org").body
    assert person.invited_at == DURING_CALL


def test_submitting_an_empty_proposal_lists_every_problem_at_once():
    setup = Setup()
    with pytest.raises(ValidationError) as excinfo:
        submit(setup, data=ProposalInput())
    assert sorted(errors_of(excinfo)) == sorted(
        [
            "title",
            "session_type",
            "theme",
            "policy_questions",
            "description",
            "expected_outcomes",
            "interaction_plan",
            "organizers",
            "onsite_moderator",
            "online_moderator",
            "rapporteur",
        ]
    )
    assert Proposal.objects.count() == 0


def test_each_field_problem_is_keyed_to_its_field_in_plain_words():
    setup = Setup(description_word_limit=50)
    data = setup.data(
        duration=45,
        format="fishbowl",
        subtheme=None,
        description="word " * 51,
        policy_questions=["One?", "Two?", "Three?", "Four?"],
        people=[
            setup.person(
                0,
                email="not-an-email",
                name="",
                organisation="",
                stakeholder_group=None,
                country="",
            ),
            *setup.data().people[1:],
        ],
    )
    with pytest.raises(ValidationError) as excinfo:
        submit(setup, data=data)
    errors = errors_of(excinfo)
    assert errors["duration"] == ["Workshop sessions last 60 or 90 minutes."]
    assert errors["format"] == ["This format is not offered for Workshop sessions."]
    assert errors["subtheme"] == ["Choose a sub-theme."]
    assert errors["description"] == ["The description has 51 words; the limit is 50."]
    assert errors["policy_questions"] == ["Ask at most three policy questions."]
    assert errors["speakers-0-email"] == ["Enter a valid email address."]
    assert errors["speakers-0-name"] == ["Give the name."]
    assert errors["speakers-0-organisation"] == ["Give the organisation."]
    assert errors["speakers-0-stakeholder_group"] == ["Choose the stakeholder group."]
    assert errors["speakers-0-country"] == ["Choose the country."]


def test_a_subtheme_of_another_theme_is_refused():
    setup = Setup()
    from tests.factories import ThemeFactory

    other = ThemeFactory(forum=setup.forum, name="Other")
    foreign_sub = ThemeFactory(forum=setup.forum, parent=other, name="Other sub")
    with pytest.raises(ValidationError) as excinfo:
        submit(setup, data=setup.data(subtheme=foreign_sub))
    assert errors_of(excinfo) == {"subtheme": ["Choose a sub-theme of the theme you chose."]}


@pytest.mark.parametrize(
    ("speakers", "message"),
    [
        (2, "Name at least 3 speakers; you named 2."),
        (7, "Name at most 6 speakers; you named 7."),
    ],
)
def test_the_session_type_sets_how_many_speakers(speakers, message):
    setup = Setup()
    data = setup.data()
    others = [p for p in data.people if p.role != ProposalPerson.Role.SPEAKER]
    data = with_people(data, [setup.person(n) for n in range(speakers)] + others)
    with pytest.raises(ValidationError) as excinfo:
        submit(setup, data=data)
    assert errors_of(excinfo) == {"speakers": [message]}


def test_a_type_for_governments_and_igos_refuses_a_civil_society_organizer():
    setup = Setup()
    setup.workshop.name = "Open Forum"
    setup.workshop.save()
    setup.workshop.allowed_stakeholder_groups.set(
        [group(StakeholderGroup.GOVERNMENT), group(StakeholderGroup.INTERGOVERNMENTAL)]
    )
    data = setup.data()
    civil = replace(data.organizers[0], stakeholder_group=group(StakeholderGroup.CIVIL_SOCIETY))
    with pytest.raises(ValidationError) as excinfo:
        submit(setup, data=replace(data, organizers=[civil]))
    assert errors_of(excinfo) == {
        "session_type": [
            "Open Forum sessions are organised by: Government, Intergovernmental Organization. "
            "The first organizer's stakeholder group does not match."
        ]
    }
    assert submit(setup).status == Proposal.Status.SUBMITTED


def test_text_is_stored_exactly_as_typed():
    setup = Setup()
    script = '<script>alert("x")</script> & <b>bold</b>'
    proposal = submit(
        setup, data=setup.data(title=script, description=script, policy_questions=[script])
    )
    proposal.refresh_from_db()
    assert proposal.title == script
    assert proposal.description == script
    assert PolicyQuestion.objects.get().text == script


def test_a_type_closed_to_proposals_or_of_another_forum_is_refused():
    setup = Setup()
    setup.workshop.open_for_proposals = False
    setup.workshop.save()
    with pytest.raises(ValidationError) as excinfo:
        submit(setup)
    assert errors_of(excinfo) == {"session_type": ["This session type does not take proposals."]}
    other = Setup()
    with pytest.raises(ValidationError) as excinfo:
        proposal_save_draft(
            forum=setup.forum,
            by=setup.organizer,
            data=ProposalInput(session_type=other.workshop, theme=other.theme),
            now=DURING_CALL,
        )
    assert errors_of(excinfo) == {
        "session_type": ["Choose one of this forum's session types."],
        "theme": ["Choose one of this forum's themes."],
    }
    assert Proposal.objects.count() == 0


def test_the_moderators_and_rapporteur_switch():
    setup = Setup()
    speakers_only = [p for p in setup.data().people if p.role == ProposalPerson.Role.SPEAKER]
    with pytest.raises(ValidationError) as excinfo:
        submit(setup, data=with_people(setup.data(), speakers_only))
    assert errors_of(excinfo) == {
        "onsite_moderator": ["Name the onsite moderator."],
        "online_moderator": ["Name the online moderator."],
        "rapporteur": ["Name the rapporteur."],
    }
    setup.call.require_moderators = False
    setup.call.save()
    setup.forum.refresh_from_db()
    assert submit(setup, data=with_people(setup.data(), speakers_only)).status == "submitted"
