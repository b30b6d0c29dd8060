"""A conflict of interest holds from the moment it is true, not once an assignment run records it:
a MAG member named in a proposal (by account or email) or sharing an organisation with its
people sees nothing of its scores on any page, JSON endpoint, export or admin view."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from forum.models import ForumRole
from sessions.models import Proposal, ProposalOrganizer, ReviewConflict
from sessions.rules.review import conflict_q, is_conflicted
from sessions.selectors.results import results_for
from sessions.services import review as review_services
from tests.factories import grant
from tests.sessions.factories import ProposalPersonFactory
from tests.sessions.review_helpers import (
    assign,
    make_forum,
    make_mag,
    make_proposals,
    make_secretariat,
    submit,
)

pytestmark = pytest.mark.django_db

TITLES = ["Cybersecurity capacity building in Africa", "Building cybersecurity capacity in Africa"]


@pytest.fixture
def reviewed():
    """Two alike proposals reviewed by two MAG members; member 0 is then named a speaker of the
    first by email only. No assignment run has recorded it."""
    forum = make_forum()
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 2)
    proposals = make_proposals(forum, 2)
    for proposal, title in zip(proposals, TITLES, strict=True):
        proposal.title = proposal.description = title
        proposal.save()
        for reviewer in mag:
            assign(proposal, reviewer)
            submit(proposal, reviewer, 4)
    ProposalPersonFactory(proposal=proposals[0], email=mag[0].email.upper(), user=None)
    assert not ReviewConflict.objects.exists()
    return forum, secretariat, mag, proposals


def test_named_by_email_or_account_or_sharing_an_organisation_counts_at_once(reviewed):
    forum, _secretariat, mag, (first, second) = reviewed
    assert is_conflicted.test(mag[0], first)
    assert not is_conflicted.test(mag[1], first)
    assert not is_conflicted.test(mag[0], second)
    # Named as organizer by account.
    ProposalOrganizer.objects.create(proposal=second, user=mag[1], name="x", email="x@x.org")
    assert is_conflicted.test(mag[1], second)
    # A profile change: member 0 moves to the organisation of the second one's organizer.
    organizer = second.organizers.exclude(user=mag[1]).first()
    organizer.organisation = "Digital  Rights Watch"
    organizer.save()
    assert not is_conflicted.test(mag[0], second)
    mag[0].organisation = " digital rights   WATCH"
    mag[0].save()
    assert is_conflicted.test(mag[0], second)
    # The queryset form agrees with the predicate, for every member and proposal.
    for member in mag:
        listed = set(Proposal.objects.filter(forum=forum).filter(conflict_q(member)))
        assert listed == {p for p in (first, second) if is_conflicted.test(member, p)}


def test_the_live_rule_agrees_with_what_an_assignment_run_records(reviewed):
    forum, _secretariat, mag, proposals = reviewed
    ProposalPersonFactory(proposal=proposals[1], organisation=mag[1].organisation.upper())
    live = {(p.pk, m.pk) for p in proposals for m in mag if is_conflicted.test(m, p)}
    assert set(review_services.find_conflicts(forum=forum)) == live
    assert live == {(proposals[0].pk, mag[0].pk), (proposals[1].pk, mag[1].pk)}


def test_a_member_of_another_forum_only_is_not_conflicted(reviewed):
    forum, _secretariat, mag, (first, _second) = reviewed
    other = make_forum()
    outsider = make_mag(other, 1)[0]
    ProposalPersonFactory(proposal=first, email=outsider.email)
    assert not is_conflicted.test(outsider, first)
    # A recorded (declared) conflict counts whatever the role.
    secretariat = make_secretariat(forum)
    ReviewConflict.objects.create(proposal=first, reviewer=secretariat, source="declared")
    assert is_conflicted.test(secretariat, first)


def test_the_results_board_and_merge_list_leave_it_out(client, reviewed):
    forum, _secretariat, mag, (first, second) = reviewed
    client.force_login(mag[0])
    assert [r.proposal for r in results_for(forum=forum, viewer=mag[0])] == [second]
    page = client.get(reverse("review_board", args=[forum.slug]))
    assert page.status_code == 200
    assert [r.proposal for r in page.context["board"].rows] == [second]
    assert TITLES[0] not in page.content.decode()
    # A third, unlike proposal: words the two share then tell them apart from it.
    third = make_proposals(forum, 1)[0]
    third.title = third.description = "Children's rights and online safety"
    third.save()
    merges = client.get(reverse("review_merges", args=[forum.slug]))
    assert merges.status_code == 200
    assert merges.context["pairs"] == []
    assert TITLES[0] not in merges.content.decode()
    # The other member sees both, and the pair.
    client.force_login(mag[1])
    merges = client.get(reverse("review_merges", args=[forum.slug]))
    assert [(a.pk, b.pk) for a, b, _ in merges.context["pairs"]] == [(first.pk, second.pk)]


def test_the_review_page_refuses_and_hides_the_others_scores(client, reviewed):
    forum, _secretariat, mag, (first, _second) = reviewed
    client.force_login(mag[0])
    response = client.get(reverse("review_proposal", args=[forum.slug, first.pk]))
    assert response.status_code == 404
    queue = client.get(reverse("review_queue", args=[forum.slug]))
    assert TITLES[0] not in queue.content.decode()


def test_the_make_up_json_counts_it_as_not_ticked(client, reviewed):
    forum, _secretariat, mag, (first, second) = reviewed
    url = reverse("review_board_makeup", args=[forum.slug])
    client.force_login(mag[0])
    assert client.post(url, {"selected": [first.pk]}).json()["total"] == 0
    alone = client.post(url, {"selected": [second.pk]})
    both = client.post(url, {"selected": [first.pk, second.pk]})
    assert both.content == alone.content
    client.force_login(mag[1])
    assert client.post(url, {"selected": [first.pk, second.pk]}).json()["total"] == 2


def test_the_results_export_leaves_it_out(client, reviewed):
    forum, _secretariat, mag, (first, second) = reviewed
    client.force_login(mag[0])
    response = client.get(reverse("review_board_export", args=[forum.slug]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == [str(second.pk)]
    assert TITLES[0] not in response.content.decode()
    client.force_login(mag[1])
    rows = list(csv.reader(io.StringIO(client.get(response.request["PATH_INFO"]).content.decode())))
    assert sorted(row[1] for row in rows[1:]) == sorted([str(first.pk), str(second.pk)])


def test_the_admin_hides_its_reviews_from_a_conflicted_secretariat_member(client, reviewed):
    forum, _secretariat, mag, (first, second) = reviewed
    # Member 0 also serves in the secretariat: the admin is blind to the proposal they are in.
    grant(mag[0], forum, ForumRole.Role.SECRETARIAT)
    client.force_login(mag[0])
    for model in ("review", "reviewscore", "decision", "reviewassignment"):
        page = client.get(reverse(f"admin:programme_{model}_changelist"))
        assert page.status_code == 200
        assert TITLES[0] not in page.content.decode(), model
    page = client.get(reverse("admin:programme_review_changelist"))
    assert TITLES[1] in page.content.decode()
    hidden = first.reviews.first()
    response = client.get(reverse("admin:programme_review_change", args=[hidden.pk]))
    assert response.status_code == 302
