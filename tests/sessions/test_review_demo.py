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
        assert reviewed == pairs
        loads = Counter(r for _, r in pairs)
        assert max(loads.values()) - min(loads.values()) <= 1
        # Every eligible proposal decided and announced; sessions exactly for the accepted ones.
        current = Decision.objects.filter(proposal__forum=forum, is_current=True)
        assert current.count() == len(eligible)
        assert not current.filter(notified_at__isnull=True).exists()
        accepted = set(current.filter(outcome="accept").values_list("proposal_id", flat=True))
        assert set(Session.objects.filter(forum=forum).values_list("proposal_id", flat=True)) == (
            accepted
        )
        emails = sum(
            len({e.lower() for e in p.organizers.values_list("email", flat=True) if e})
            for p in eligible
        )
        assert (len(eligible), emails) == {"igf-2026": (12, 14), "wsis-forum-2026": (4, 4)}[slug]
        assert QueuedMail.objects.filter(forum=forum).count() == emails
    igf = Forum.objects.get(slug="igf-2026")
    eligible_igf = eligible_proposals(igf).count()
    assert Session.objects.filter(forum=igf).count() == demo_slots(eligible_igf, 12)
    assert (eligible_igf, demo_slots(eligible_igf, 12)) == (12, 11)
    assert (
        Decision.objects.filter(proposal__forum=igf, is_current=True)
        .exclude(outcome="accept")
        .exists()
    )
    for title in (records.GOVSTACK_TITLE, records.WSIS537_TITLE):
        proposal = Proposal.objects.get(title=title)
        assert proposal.decisions.get(is_current=True).outcome == "accept"
        assert Session.objects.filter(proposal=proposal).exists()


def test_demo_slots_aim_at_the_target_and_keep_a_tenth_below_the_line():
    assert demo_slots(700, 300) == 300
    assert demo_slots(330, 300) == 297
    assert demo_slots(208, 300) == 188
    assert demo_slots(10, 12) == 9
    assert demo_slots(69, None) == 41
    assert demo_slots(0, 12) == 0
