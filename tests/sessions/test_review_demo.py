"""The demo forum's review and selection, produced by the review services."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command

from forum.models import Forum, QueuedMail
from sessions.demo import seed_records as records
from sessions.demo.review import demo_slots
from sessions.models import Decision, Proposal, Review, ReviewAssignment, ReviewConflict, Session
from sessions.selectors.review import eligible_proposals

pytestmark = pytest.mark.django_db


def test_demo_reviews_decisions_and_notifications_are_complete():
    call_command("seed_demo", "--size", "small")
    for slug in ("igf-2026", "wsis-forum-2026"):
        forum = Forum.objects.get(slug=slug)
        in_review = slug == "wsis-forum-2026"
        eligible = list(eligible_proposals(forum))
        assert eligible
        per_proposal = Counter(
            ReviewAssignment.objects.filter(proposal__forum=forum).values_list(
                "proposal_id", flat=True
            )
        )
        assert {per_proposal[p.pk] for p in eligible} == {3}
        # No assignment with a conflict, every assignment reviewed and submitted.
        conflicts = set(
            ReviewConflict.objects.filter(proposal__forum=forum).values_list(
                "proposal_id", "reviewer_id"
            )
        )
        pairs = set(
            ReviewAssignment.objects.filter(proposal__forum=forum).values_list(
                "proposal_id", "reviewer_id"
            )
        )
        assert not pairs & conflicts
        reviewed = set(
            Review.objects.filter(proposal__forum=forum, status="submitted").values_list(
                "proposal_id", "reviewer_id"
            )
        )
        loads = Counter(r for _, r in pairs)
        assert max(loads.values()) - min(loads.values()) <= 1
        if in_review:
            # The WSIS Forum is in review now: each MAG member has done half of their reviews
            # (rounded down), and nothing is decided or announced yet.
            assert reviewed < pairs
            assert Counter(r for _, r in reviewed) == {r: n // 2 for r, n in loads.items()}
            assert (len(reviewed), len(pairs)) == (4, 12)
            assert not Decision.objects.filter(proposal__forum=forum).exists()
            assert not Session.objects.filter(forum=forum, proposal__isnull=False).exists()
            assert not QueuedMail.objects.filter(forum=forum, subject__contains="proposal").exists()
            continue
        assert reviewed == pairs
        # Every eligible proposal decided and announced; sessions exactly for the accepted ones.
        current = Decision.objects.filter(proposal__forum=forum, is_current=True)
        assert current.count() == len(eligible)
        assert not current.filter(notified_at__isnull=True).exists()
        accepted = set(current.filter(outcome="accept").values_list("proposal_id", flat=True))
        from_proposals = Session.objects.filter(forum=forum, proposal__isnull=False)
        assert set(from_proposals.values_list("proposal_id", flat=True)) == (accepted)
        emails = sum(
            len({e.lower() for e in p.organizers.values_list("email", flat=True) if e})
            for p in eligible
        )
        assert (len(eligible), emails) == (12, 14)
        # The decisions' mails (the programme's own come later, about its versions).
        decided = QueuedMail.objects.filter(forum=forum, subject__contains="your proposal")
        assert decided.count() == emails
    igf = Forum.objects.get(slug="igf-2026")
    eligible_igf = eligible_proposals(igf).count()
    assert Session.objects.filter(forum=igf, proposal__isnull=False).count() == demo_slots(
        eligible_igf, 12
    )
    assert (eligible_igf, demo_slots(eligible_igf, 12)) == (12, 11)
    assert (
        Decision.objects.filter(proposal__forum=igf, is_current=True)
        .exclude(outcome="accept")
        .exists()
    )
    govstack = Proposal.objects.get(title=records.GOVSTACK_TITLE)
    assert govstack.decisions.get(is_current=True).outcome == "accept"
    assert Session.objects.filter(proposal=govstack).exists()
    wsis_537 = Proposal.objects.get(title=records.WSIS537_TITLE)
    assert (wsis_537.eligibility, wsis_537.assignments.count()) == ("eligible", 3)


def test_demo_slots_aim_at_the_target_and_keep_a_tenth_below_the_line():
    assert demo_slots(700, 300) == 300
    assert demo_slots(330, 300) == 297
    assert demo_slots(208, 300) == 188
    assert demo_slots(10, 12) == 9
    assert demo_slots(69, None) == 41
    assert demo_slots(0, 12) == 0
