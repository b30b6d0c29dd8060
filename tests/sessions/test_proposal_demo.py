"""The demo's proposals: every session type, the two real session records, and the call's limits
respected (they were made through the services)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from sessions.demo import seed_records as records
from sessions.models import Proposal, ProposalPerson, SessionType

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", "--size", "small")


def test_every_session_type_of_both_forums_has_proposals(demo):
    # The programme's own "ceremony" type takes no proposals.
    types = SessionType.objects.exclude(code="ceremony").annotate(n=Count("proposals"))
    assert sorted(t.code for t in types if t.forum.slug == "igf-2026") == sorted(
        [
            "workshop",
            "open-forum",
            "town-hall",
            "lightning-talk",
            "launch-award",
            "networking",
            "dynamic-coalition",
            "nri",
            "day-0",
            "main-session",
        ]
    )
    assert sorted(t.code for t in types if t.forum.slug == "wsis-forum-2026") == sorted(
        ["thematic-workshop", "country-workshop", "high-level-dialogue", "action-line-facilitation"]
    )
    # The next IGF's call is open: the proposals it has received so far.
    assert sorted(t.code for t in types if t.forum.slug == "igf-2027") == sorted(
        t.code for t in types if t.forum.slug == "igf-2026"
    )
    assert Proposal.objects.filter(forum__slug="igf-2027").count() == 6
    assert {(t.forum.slug, t.code): t.n for t in types if t.forum.slug != "igf-2027"} == {
        ("igf-2026", "day-0"): 1,
        ("igf-2026", "dynamic-coalition"): 1,
        ("igf-2026", "launch-award"): 2,
        ("igf-2026", "lightning-talk"): 2,
        ("igf-2026", "main-session"): 1,
        ("igf-2026", "networking"): 1,
        ("igf-2026", "nri"): 1,
        ("igf-2026", "open-forum"): 2,
        ("igf-2026", "town-hall"): 2,
        ("igf-2026", "workshop"): 6,
        ("wsis-forum-2026", "action-line-facilitation"): 1,
        ("wsis-forum-2026", "country-workshop"): 1,
        ("wsis-forum-2026", "high-level-dialogue"): 1,
        ("wsis-forum-2026", "thematic-workshop"): 2,
    }
    assert Proposal.objects.exclude(forum__slug="igf-2027").count() == 24


def test_the_govstack_record_is_held_whole(demo):
    p = Proposal.objects.get(title="The GovStack Initiative – Digital Government Cooperation")
    assert (p.forum.slug, p.session_type.name, p.format, p.room_layout, p.duration) == (
        "igf-2026",
        "Open Forum",
        "bof",
        "auditorium",
        60,
    )
    assert [q.text for q in p.policy_questions.all()] == records.GOVSTACK_POLICY_QUESTIONS
    assert p.description == records.GOVSTACK_DESCRIPTION
    assert p.interaction_plan == records.GOVSTACK_INTERACTION_PLAN
    assert p.sdg_relevance == records.GOVSTACK_SDG_RELEVANCE
    assert sorted(s.number for s in p.sdgs.all()) == [2, 3, 4, 16]
    organizers = list(p.organizers.all())
    assert (organizers[0].name, organizers[0].organisation) == (
        "Federal Ministry for Economic Cooperation and Development",
        "Government of Germany",
    )
    speakers = [x.name for x in p.people.all() if x.role == ProposalPerson.Role.SPEAKER]
    assert speakers == [
        "Martina Metz",
        "Doreen Bogdan-Martin",
        "Nele Leosk",
        "Lucy Harris",
        "Dr. Thomas Zielke",
        "Abhishek Singh",
        "Telli Koroma",
    ]
    roles = {x.role: x.name for x in p.people.all() if x.role != ProposalPerson.Role.SPEAKER}
    assert roles == {
        "onsite_moderator": "Nanjira Sambuli",
        "online_moderator": "Sherman Kong",
        "rapporteur": "Pia Seiffarth",
    }
    assert (p.status, p.eligibility) == ("submitted", "eligible")


def test_the_wsis_session_537_is_held_whole(demo):
    p = Proposal.objects.get(reference="Session 537")
    assert p.title == records.WSIS537_TITLE
    assert p.forum.slug == "wsis-forum-2026"
    assert [o.organisation for o in p.organizers.all()] == ["ESCAP", "ITU", "CSTD"]
    assert [q.text for q in p.policy_questions.all()] == records.WSIS537_POLICY_QUESTIONS
    assert p.description == records.WSIS537_DESCRIPTION
    assert sorted(a.code for a in p.wsis_action_lines.all()) == ["C1", "C11"]


def test_the_demo_obeys_the_call_limits_and_is_screened(demo):
    live = Proposal.objects.filter(status=Proposal.Status.SUBMITTED)
    per_creator = Counter(live.values_list("forum_id", "created_by_id"))
    assert max(per_creator.values()) <= 3
    per_institution = Counter(
        (forum_id, org.lower())
        for forum_id, org in live.values_list("forum_id", "organizers__organisation").distinct()
    )
    assert max(per_institution.values()) <= 3
    per_speaker = Counter(
        live.filter(people__role="speaker")
        .exclude(people__email="")
        .values_list("forum_id", "people__email")
    )
    assert max(per_speaker.values()) <= 3
    assert Proposal.objects.filter(created_by__email="organizer1@demo.example").count() == 3
    screened = live.exclude(eligibility=Proposal.Eligibility.PENDING)
    assert screened.filter(eligibility="ineligible", eligibility_reason="").count() == 0
    assert live.filter(eligibility="eligible").count() == 16
    assert (
        live.filter(~Q(criteria_failed=[]), eligibility="eligible")
        .exclude(title__in=[records.GOVSTACK_TITLE, records.WSIS537_TITLE])
        .count()
        == 0
    )
