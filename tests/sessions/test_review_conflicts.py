"""Conflicts of interest: found automatically, declared by a reviewer, and what follows."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count

from sessions.models import ProposalOrganizer, Review, ReviewAssignment, ReviewConflict
from sessions.services import review as review_services
from tests.factories import UserFactory
from tests.sessions.factories import ProposalPersonFactory
from tests.sessions.review_helpers import (
    NOW,
    make_forum,
    make_mag,
    make_proposals,
    make_secretariat,
)

pytestmark = pytest.mark.django_db


def conflicts(forum):
    return sorted(
        ReviewConflict.objects.filter(proposal__forum=forum).values_list(
            "proposal_id", "reviewer_id", "source"
        )
    )


def test_organizer_by_account_or_email_speaker_and_same_organisation():
    forum = make_forum()
    mag = make_mag(forum, 5)
    p = make_proposals(forum, 5)
    # 0: MAG member 0 is the organizer with their account.
    ProposalOrganizer.objects.create(proposal=p[0], user=mag[0], name="x", email="other@x.org")
    # 1: MAG member 1 is named as co-organizer by email only, in another case.
    ProposalOrganizer.objects.create(proposal=p[1], name="y", email=mag[1].email.upper())
    # 2: MAG member 2 is a speaker (by email); 3: MAG member 3 a rapporteur with an account.
    ProposalPersonFactory(proposal=p[2], email=mag[2].email, user=None)
    ProposalPersonFactory(proposal=p[3], email="", user=mag[3], role="rapporteur")
    # 4: a speaker from MAG member 4's organisation, spelt with other spaces and case.
    ProposalPersonFactory(
        proposal=p[4], organisation="  mag ORGANISATION   mag 4 ", email="someone@else.org"
    )
    assert review_services.conflicts_detect(forum=forum, now=NOW) == 5
    assert conflicts(forum) == [
        (p[0].pk, mag[0].pk, "organizer"),
        (p[1].pk, mag[1].pk, "organizer"),
        (p[2].pk, mag[2].pk, "speaker"),
        (p[3].pk, mag[3].pk, "speaker"),
        (p[4].pk, mag[4].pk, "organisation"),
    ]
    # Idempotent.
    assert review_services.conflicts_detect(forum=forum, now=NOW) == 0


def test_empty_organisations_never_match():
    forum = make_forum()
    mag = make_mag(forum, 1)
    mag[0].organisation = ""
    mag[0].save()
    proposal = make_proposals(forum, 1)[0]
    ProposalPersonFactory(proposal=proposal, organisation="", email="a@b.org")
    assert review_services.conflicts_detect(forum=forum, now=NOW) == 0
    assert conflicts(forum) == []


def test_a_conflict_found_later_removes_the_assignment_and_the_review():
    forum = make_forum()
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 5)
    proposal = make_proposals(forum, 1)[0]
    review_services.assignment_run(forum=forum, by=secretariat, now=NOW)
    reviewer = ReviewAssignment.objects.filter(proposal=proposal).first().reviewer
    Review.objects.create(proposal=proposal, reviewer=reviewer)
    ProposalPersonFactory(proposal=proposal, email=reviewer.email)
    review_services.assignment_run(forum=forum, by=secretariat, now=NOW)
    assert not ReviewAssignment.objects.filter(proposal=proposal, reviewer=reviewer).exists()
    assert not Review.objects.filter(proposal=proposal, reviewer=reviewer).exists()
    assert ReviewAssignment.objects.filter(proposal=proposal).count() == 3
    assert reviewer in mag


def test_declared_conflict_leaves_the_list_and_is_reassigned():
    forum = make_forum()
    secretariat = make_secretariat(forum)
    make_mag(forum, 6)
    proposals = make_proposals(forum, 4)
    review_services.assignment_run(forum=forum, by=secretariat, now=NOW)
    assignment = ReviewAssignment.objects.filter(proposal=proposals[0]).first()
    reviewer = assignment.reviewer
    Review.objects.create(proposal=proposals[0], reviewer=reviewer, note_for_mag="draft")
    conflict = review_services.conflict_declare(
        proposal=proposals[0], reviewer=reviewer, reason="I advise the organizer.", now=NOW
    )
    assert (conflict.source, conflict.reason) == ("declared", "I advise the organizer.")
    reviewers = set(
        ReviewAssignment.objects.filter(proposal=proposals[0]).values_list("reviewer_id", flat=True)
    )
    assert len(reviewers) == 3
    assert reviewer.pk not in reviewers
    assert not Review.objects.filter(proposal=proposals[0], reviewer=reviewer).exists()
    loads = list(
        ReviewAssignment.objects.values("reviewer_id")
        .order_by()
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    assert max(loads) - min(loads) <= 1


def test_declaring_needs_a_reason_a_mag_role_and_happens_once():
    forum = make_forum()
    mag = make_mag(forum, 2)
    proposal = make_proposals(forum, 1)[0]
    with pytest.raises(ValidationError) as error:
        review_services.conflict_declare(proposal=proposal, reviewer=mag[0], reason="   ")
    assert error.value.message_dict == {
        "reason": ["Say briefly why you have a conflict of interest."]
    }
    with pytest.raises(PermissionDenied):
        review_services.conflict_declare(proposal=proposal, reviewer=UserFactory(), reason="x")
    review_services.conflict_declare(proposal=proposal, reviewer=mag[0], reason="Colleague")
    with pytest.raises(PermissionDenied):
        review_services.conflict_declare(proposal=proposal, reviewer=mag[0], reason="again")
    assert ReviewConflict.objects.count() == 1
