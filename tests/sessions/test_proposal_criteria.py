"""Each minimum criterion of the call, switched on and off, at its boundary."""

from __future__ import annotations

import pytest

from sessions.models import CallForProposals, Proposal, ProposalPerson
from sessions.services.screening import call_refresh_criteria, criteria_evaluate
from tests.sessions.factories import CallForProposalsFactory, ProposalFactory, ProposalPersonFactory

ONSITE, ONLINE = ProposalPerson.Participation.ONSITE, ProposalPerson.Participation.ONLINE


def speaker(
    gender="woman", group=1, participation=ONSITE, confirmation="provisional", role="speaker"
):
    return ProposalPerson(
        role=role,
        gender=gender,
        stakeholder_group_id=group,
        participation=participation,
        confirmation=confirmation,
    )


def good_people():
    return [
        speaker("woman", 1),
        speaker("man", 2),
        speaker("man", 3, ONLINE),
        speaker(role=ProposalPerson.Role.ONSITE_MODERATOR),
    ]


def evaluate(people, call=None, **proposal_fields):
    call = call or CallForProposals()
    proposal = Proposal(previous_report_url="https://example.org/report", **proposal_fields)
    return {
        r.code: r.passed for r in criteria_evaluate(call=call, proposal=proposal, people=people)
    }


def test_the_igf_2023_defaults_are_all_switched_on_and_a_good_proposal_meets_them():
    assert evaluate(good_people()) == {
        "speakers": True,
        "gender": True,
        "stakeholders": True,
        "onsite": True,
        "previous_report": True,
    }


def test_at_least_three_provisionally_confirmed_speakers():
    people = good_people()
    people[2].confirmation = ProposalPerson.Confirmation.INVITED  # asked, no answer: not counted
    assert evaluate(people)["speakers"] is False
    people[2].confirmation = ProposalPerson.Confirmation.CONFIRMED
    assert evaluate(people)["speakers"] is True
    people[2].confirmation = ProposalPerson.Confirmation.DECLINED
    assert evaluate(people)["speakers"] is False
    assert evaluate(people, call=CallForProposals(min_confirmed_speakers=2))["speakers"] is True


def test_at_least_one_speaker_of_a_different_gender_from_the_rest():
    people = [speaker("man", 1), speaker("Man ", 2), speaker("man", 3)]
    assert evaluate(people)["gender"] is False
    people[1].gender = "non-binary"
    assert evaluate(people)["gender"] is True
    # A declined speaker does not count, nor does an unstated gender.
    people[1].confirmation = ProposalPerson.Confirmation.DECLINED
    people.append(speaker("", 2))
    assert evaluate(people)["gender"] is False


def test_speakers_from_at_least_two_stakeholder_groups():
    people = [speaker("woman", 1), speaker("man", 1), speaker("man", 1)]
    assert evaluate(people)["stakeholders"] is False
    people[2].stakeholder_group_id = 2
    assert evaluate(people)["stakeholders"] is True
    assert (
        evaluate(people, call=CallForProposals(min_stakeholder_groups=3))["stakeholders"] is False
    )


def test_an_onsite_moderator_and_at_least_two_speakers_onsite():
    people = good_people()
    assert evaluate(people)["onsite"] is True
    people[1].participation = ONLINE  # one speaker onsite now
    assert evaluate(people)["onsite"] is False
    people[1].participation = ONSITE
    people[3].participation = ONLINE  # the onsite moderator joins online
    assert evaluate(people)["onsite"] is False
    assert evaluate(people[:3])["onsite"] is False  # no moderator at all


def test_a_link_to_the_previous_report_unless_first_time_organizer():
    call = CallForProposals()
    no_link = Proposal(previous_report_url="")
    assert [
        r.passed
        for r in criteria_evaluate(call=call, proposal=no_link, people=[])
        if r.code == "previous_report"
    ] == [False]
    first_time = Proposal(previous_report_url="", first_time_organizer=True)
    assert [
        r.passed
        for r in criteria_evaluate(call=call, proposal=first_time, people=[])
        if r.code == "previous_report"
    ] == [True]


def test_switched_off_criteria_are_not_evaluated():
    call = CallForProposals(
        require_confirmed_speakers=False,
        require_gender_diversity=False,
        require_stakeholder_diversity=False,
        require_onsite_presence=False,
        require_previous_report=True,
    )
    assert evaluate([], call=call) == {"previous_report": True}
    assert criteria_evaluate(call=None, proposal=Proposal(), people=[]) == []


@pytest.mark.django_db
def test_changing_the_call_re_evaluates_every_stored_proposal():
    call = CallForProposalsFactory()
    proposal = ProposalFactory(forum=call.forum, previous_report_url="https://example.org/r")
    for gender in ("woman", "man"):
        ProposalPersonFactory(proposal=proposal, gender=gender)
    assert call_refresh_criteria(call=call) == 1
    proposal.refresh_from_db()
    # Two speakers, one stakeholder group (none given), no onsite moderator.
    assert proposal.criteria_failed == ["speakers", "stakeholders", "onsite"]
    call.require_confirmed_speakers = call.require_stakeholder_diversity = False
    call.require_onsite_presence = False
    call.save()
    assert call_refresh_criteria(call=call) == 1
    proposal.refresh_from_db()
    assert proposal.criteria_failed == []
