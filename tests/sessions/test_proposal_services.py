"""The proposal services: drafts, submission checks, the type rules, the call's limits, permissions,
double submission and the speakers' answers."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum.models import ForumRole, QueuedMail, StakeholderGroup
from sessions.models import PolicyQuestion, Proposal, ProposalPerson
from sessions.services.proposals import (
    OrganizerInput,
    ProposalInput,
    proposal_person_answer,
    proposal_save_draft,
    proposal_submit,
    proposal_withdraw,
)
from tests.factories import UserFactory, grant
from tests.sessions.proposal_data import AFTER_CALL, DURING_CALL, Setup, group, with_people

pytestmark = pytest.mark.django_db


def submit(setup: Setup, data=None, by=None, **kwargs) -> Proposal:
    return proposal_submit(
        forum=setup.forum,
        by=by or setup.organizer,
        data=data or setup.data(),
        now=kwargs.pop("now", DURING_CALL),
        **kwargs,
    )


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


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


def test_each_type_has_its_own_deadline():
    setup = Setup()
    setup.workshop.deadline = DURING_CALL - dt.timedelta(days=1)
    setup.workshop.save()
    with pytest.raises(ValidationError) as excinfo:
        submit(setup)
    assert errors_of(excinfo) == {
        "session_type": ["The deadline for this session type has passed."]
    }
    assert Proposal.objects.count() == 0


def test_nothing_can_be_submitted_before_the_call_opens_or_after_it_closes():
    setup = Setup()
    with pytest.raises(ValidationError) as before:
        submit(setup, now=dt.datetime(2030, 2, 1, tzinfo=dt.UTC))
    assert errors_of(before) == {"__all__": ["The call for proposals has not opened yet."]}
    with pytest.raises(ValidationError) as after:
        submit(setup, now=AFTER_CALL)
    assert errors_of(after) == {"session_type": ["The deadline for this session type has passed."]}


def test_after_the_deadline_a_proposal_cannot_be_changed_and_stays_as_it_was():
    setup = Setup()
    proposal = submit(setup)
    with pytest.raises(PermissionDenied):
        submit(setup, data=setup.data(title="Changed"), proposal=proposal, now=AFTER_CALL)
    with pytest.raises(PermissionDenied):
        proposal_withdraw(proposal=proposal, by=setup.organizer, now=AFTER_CALL)
    proposal.refresh_from_db()
    assert (proposal.title, proposal.status) == (
        "The GovStack Initiative: digital government cooperation",
        Proposal.Status.SUBMITTED,
    )


def test_someone_not_among_the_organizers_cannot_edit_or_withdraw():
    setup = Setup()
    proposal = submit(setup)
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        submit(setup, data=setup.data(title="Hijacked"), proposal=proposal, by=stranger)
    with pytest.raises(PermissionDenied):
        proposal_withdraw(proposal=proposal, by=stranger, now=DURING_CALL)
    proposal.refresh_from_db()
    assert proposal.title == "The GovStack Initiative: digital government cooperation"
    assert proposal.status == Proposal.Status.SUBMITTED


def test_a_co_organizer_with_an_account_can_edit():
    setup = Setup()
    co = UserFactory(email="co@example.org")
    data = setup.data()
    organizers = [
        *data.organizers,
        OrganizerInput(
            name="Co Organizer",
            email="CO@example.org",
            organisation="DIAL",
            stakeholder_group=group(StakeholderGroup.CIVIL_SOCIETY),
            country="US",
        ),
    ]
    proposal = submit(setup, data=replace(data, organizers=organizers))
    edited = submit(
        setup,
        data=replace(data, organizers=organizers, title="Edited by co"),
        proposal=proposal,
        by=co,
    )
    assert edited.title == "Edited by co"
    assert Proposal.objects.count() == 1


def test_mag_members_may_not_submit_unless_the_call_allows_it():
    setup = Setup()
    grant(setup.organizer, setup.forum, ForumRole.Role.MAG_MEMBER)
    with pytest.raises(PermissionDenied):
        submit(setup)
    assert Proposal.objects.count() == 0
    setup.call.mag_may_submit = True
    setup.call.save()
    setup.forum.refresh_from_db()
    assert submit(setup).status == Proposal.Status.SUBMITTED


def _fresh_speakers(setup, data, start):
    others = [p for p in data.people if p.role != ProposalPerson.Role.SPEAKER]
    return with_people(data, [setup.person(n) for n in range(start, start + 3)] + others)


def test_a_person_organises_at_most_three_proposals_and_withdrawn_ones_do_not_count():
    setup = Setup(max_proposals_per_institution=None, max_sessions_per_speaker=None)
    first = submit(setup)
    submit(setup)
    submit(setup)
    with pytest.raises(ValidationError) as excinfo:
        submit(setup)
    assert errors_of(excinfo) == {
        "__all__": ["You already organise 3 submitted proposals; a person may organise at most 3."]
    }
    proposal_withdraw(proposal=first, by=setup.organizer, now=DURING_CALL)
    assert submit(setup).status == Proposal.Status.SUBMITTED
    # A draft does not count either.
    assert Proposal.objects.filter(status=Proposal.Status.SUBMITTED).count() == 3


def test_an_institution_organises_at_most_three_proposals():
    setup = Setup(max_proposals_per_person=None, max_sessions_per_speaker=None)
    for _ in range(3):
        other = UserFactory()
        data = setup.data()
        organizer = replace(data.organizers[0], name=other.name, email=other.email)
        submit(setup, data=replace(data, organizers=[organizer]), by=other)
    with pytest.raises(ValidationError) as excinfo:
        data = setup.data()
        # The same institution, typed with other capitals and spaces.
        organizer = replace(
            data.organizers[0],
            organisation=" federal ministry for economic cooperation and development",
        )
        submit(setup, data=replace(data, organizers=[organizer]))
    assert errors_of(excinfo) == {
        "organizers-0-organisation": [
            "federal ministry for economic cooperation and development already organises 3 "
            "submitted proposals; an institution may organise at most 3."
        ]
    }


def test_a_speaker_is_in_at_most_three_sessions():
    setup = Setup(max_proposals_per_person=None, max_proposals_per_institution=None)
    for _ in range(3):
        submit(setup)
    with pytest.raises(ValidationError) as excinfo:
        submit(setup)
    assert errors_of(excinfo) == {
        f"speakers-{n}-email": [
            "This speaker is already in 3 submitted proposals; a speaker may be in at most 3."
        ]
        for n in range(3)
    }
    # With other speakers the same proposal goes through.
    assert submit(setup, data=_fresh_speakers(setup, setup.data(), 20)).status == "submitted"


def test_a_double_submission_creates_one_proposal():
    setup = Setup()
    key = uuid.uuid4()
    first = submit(setup, creation_key=key)
    second = submit(setup, creation_key=key)
    assert first.pk == second.pk
    assert Proposal.objects.count() == 1
    assert QueuedMail.objects.count() == 7  # one receipt, six invitations


def test_a_draft_then_its_submission_with_the_same_key_is_one_proposal():
    setup = Setup()
    key = uuid.uuid4()
    draft = proposal_save_draft(
        forum=setup.forum, by=setup.organizer, data=setup.data(), creation_key=key, now=DURING_CALL
    )
    submitted = submit(setup, creation_key=key)
    assert draft.pk == submitted.pk
    assert Proposal.objects.get().status == Proposal.Status.SUBMITTED


def test_another_user_cannot_reuse_a_creation_key():
    setup = Setup()
    key = uuid.uuid4()
    submit(setup, creation_key=key)
    with pytest.raises(PermissionDenied):
        submit(setup, creation_key=key, by=UserFactory())


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


def test_a_speaker_confirms_or_declines_and_the_criteria_follow():
    setup = Setup()
    proposal = submit(setup)
    people = {p.email: p for p in proposal.people.all()}
    confirmed = proposal_person_answer(
        token=people["speaker0@example.org"].confirmation_token, accept=True
    )
    assert confirmed.confirmation == ProposalPerson.Confirmation.CONFIRMED
    proposal_person_answer(token=people["speaker2@example.org"].confirmation_token, accept=False)
    proposal.refresh_from_db()
    # Two speakers are left (a man and a woman), below the three the call asks for.
    assert proposal.criteria_failed == ["speakers"]
    with pytest.raises(ProposalPerson.DoesNotExist):
        proposal_person_answer(token=uuid.uuid4(), accept=True)


def test_editing_keeps_the_answers_and_a_changed_email_asks_again():
    setup = Setup()
    proposal = submit(setup)
    person = proposal.people.get(email="speaker0@example.org")
    proposal_person_answer(token=person.confirmation_token, accept=True)
    stored = {p.email: p.pk for p in proposal.people.all()}
    data = setup.data()
    people = [replace(p, id=stored[p.email]) for p in data.people]
    people[1] = replace(people[1], email="new.address@example.org")
    QueuedMail.objects.all().delete()
    submit(setup, data=with_people(data, people), proposal=proposal)
    kept = proposal.people.get(pk=person.pk)
    assert kept.confirmation == ProposalPerson.Confirmation.CONFIRMED
    assert kept.confirmation_token == person.confirmation_token
    assert list(QueuedMail.objects.values_list("to", flat=True)) == ["new.address@example.org"]


def test_withdrawing_hides_the_answer_link():
    setup = Setup()
    proposal = submit(setup)
    token = proposal.people.first().confirmation_token
    proposal_withdraw(proposal=proposal, by=setup.organizer, now=DURING_CALL)
    with pytest.raises(ProposalPerson.DoesNotExist):
        proposal_person_answer(token=token, accept=True)


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


def test_the_organizers_learn_of_each_answer_once():
    setup = Setup()
    proposal = submit(setup)
    QueuedMail.objects.all().delete()
    token = proposal.people.get(email="speaker1@example.org").confirmation_token
    proposal_person_answer(token=token, accept=False)
    proposal_person_answer(token=token, accept=False)  # the same answer again: no new mail
    mail = QueuedMail.objects.get()
    assert (mail.to, mail.subject) == (
        setup.organizer.email,
        "Speaker 1 has declined: The GovStack Initiative: digital government cooperation",
    )
