"""The demo on any day: built around a far past, the real and a far future day, each of its
forums shows its phase, and the phase can be acted on through the real services at the demo's
moment: a proposal submitted in the open call, a review submitted by a MAG member, a live room
running now."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

import pytest
from django.core.management import call_command

from forum import demo
from forum.models import Forum, ForumPhase, StakeholderGroup, Theme, User
from remote_hubs.models import ChatMessage
from sessions.models import Proposal, Review, ReviewAssignment, SessionType
from sessions.selectors.call import call_is_open
from sessions.services import review as review_services
from sessions.services.proposals import OrganizerInput, PersonInput, ProposalInput, proposal_submit

pytestmark = pytest.mark.django_db

REAL_TODAY = dt.datetime.now(zoneinfo.ZoneInfo(demo.DEMO_TIMEZONE)).date()


def _proposal_input(forum: Forum, by: User) -> ProposalInput:
    session_type = SessionType.objects.get(forum=forum, code="workshop")
    theme = Theme.objects.filter(forum=forum, parent=None).order_by("position").first()
    groups = list(StakeholderGroup.objects.exclude(code="press").order_by("position"))
    people = [
        PersonInput(
            role=role,
            name=f"Demo Person {n}",
            email=f"demo-person-{n}@example.org",
            organisation=f"Organisation {n}",
            stakeholder_group=groups[n % len(groups)],
            country="KE",
            gender=("woman", "man")[n % 2],
        )
        for n, role in enumerate(["speaker"] * 3 + ["onsite_moderator", "online_moderator"])
    ] + [
        PersonInput(
            role="rapporteur",
            name="A Rapporteur",
            organisation="Org",
            stakeholder_group=groups[0],
            country="BR",
        )
    ]
    return ProposalInput(
        session_type=session_type,
        title="Community networks after the pilots",
        duration=60,
        format="roundtable",
        theme=theme,
        subtheme=theme.subthemes.order_by("position").first(),
        description="Who funds community networks once the pilots end, and how?",
        expected_outcomes="Recommendations.",
        interaction_plan="The room and the online queue alternate.",
        policy_questions=["Who funds community networks once the pilots end?"],
        organizers=[
            OrganizerInput(
                name=by.name,
                email=by.email,
                organisation=by.organisation,
                stakeholder_group=by.stakeholder_group,
                country=str(by.country),
            )
        ],
        people=people,
    )


@pytest.mark.parametrize("today", [dt.date(2019, 2, 11), REAL_TODAY, dt.date(2041, 9, 30)])
def test_each_forum_shows_its_phase_and_it_can_be_acted_on(today):
    call_command("seed_demo", "--size", "small", "--today", today.isoformat())
    _day, now = demo.demo_clock(today)
    live, review, call = (
        Forum.objects.get(slug=slug) for slug in ("igf-2026", "wsis-forum-2026", "igf-2027")
    )
    assert [f.current_phase(today).kind for f in (call, review, live)] == [
        ForumPhase.Kind.CALL_FOR_PROPOSALS,
        ForumPhase.Kind.REVIEW,
        ForumPhase.Kind.LIVE,
    ]

    # The call is open: someone proposes a session, through the proposal service.
    assert call_is_open(call, now)
    organizer = User.objects.get(email="organizer1@demo.example")
    proposal = proposal_submit(
        forum=call,
        by=organizer,
        data=_proposal_input(call, organizer),
        creation_key=uuid.uuid4(),
        now=now,
        notify=False,
    )
    assert (proposal.status, proposal.submitted_at) == (Proposal.Status.SUBMITTED, now)

    # The review is open and mag1 has reviews to do: one is submitted through the review service.
    mag1 = User.objects.get(email="mag1@demo.example")
    assert review.review_settings.is_open(now)
    done = set(
        Review.objects.filter(reviewer=mag1, status="submitted").values_list("proposal", flat=True)
    )
    to_do = (
        ReviewAssignment.objects.filter(proposal__forum=review, reviewer=mag1)
        .exclude(proposal__in=done)
        .order_by("pk")
    )
    assert to_do.count() == 2
    assignment = to_do.first()
    saved = review_services.review_save(
        proposal=assignment.proposal,
        reviewer=mag1,
        scores={c.pk: review_services.ScoreInput(value=4) for c in review.review_criteria.all()},
        comment_to_organizers="A focused proposal.",
        submit=True,
        now=now,
    )
    assert saved.status == "submitted"

    # The forum days are live: today is one of them, and sessions run in their rooms now.
    assert today in live.days
    pinned = live.sessions.filter(is_pinned=True, proposal__isnull=False)
    running = [s for s in pinned if s.starts_at <= now < s.ends_at and s.room_id]
    assert len(running) == 2
    assert {s.starts_at.astimezone(live.tzinfo).date() for s in running} == {today}
    assert pinned.filter(starts_at__gt=now).count() == 1
    assert ChatMessage.objects.filter(room__session__in=running).exists()
    assert not ChatMessage.objects.filter(created_at__gt=now).exists()
