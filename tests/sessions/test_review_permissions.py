"""Every permission rule of the review stage, through the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from forum.models import ForumRole
from sessions.models import ProposalOrganizer, ReviewConflict
from sessions.services import decision_notices
from sessions.services import decisions as decision_services
from sessions.services import review as review_services
from tests.factories import PASSWORD, UserFactory, grant
from tests.sessions.review_helpers import (
    assign,
    make_forum,
    make_mag,
    make_proposals,
    make_secretariat,
    submit,
)

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Secret MAG note about this proposal"
ORGANIZER_COMMENT = "Comment visible to the organizers"


@pytest.fixture
def world(client):
    forum = make_forum()
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 4)
    target, other = make_proposals(forum, 2)
    for reviewer in mag[:3]:
        assign(target, reviewer)
    submit(target, mag[0], 5, comment=ORGANIZER_COMMENT, note=SECRET_NOTE)
    submit(target, mag[1], 4, note=SECRET_NOTE)
    assign(other, mag[3])
    submit(other, mag[3], 2)
    # mag[3] has a conflict with the target proposal (declared).
    review_services.conflict_declare(proposal=target, reviewer=mag[3], reason="My employer")
    return forum, secretariat, mag, target, other


def login(client, user):
    assert client.login(username=user.email, password=PASSWORD)


def urls_about(forum, proposal):
    return [
        reverse("review_proposal", args=[forum.slug, proposal.pk]),
        reverse("review_conflict", args=[forum.slug, proposal.pk]),
        reverse("review_manage_proposal", args=[forum.slug, proposal.pk]),
        reverse("proposal_outcome", args=[forum.slug, proposal.pk]),
    ]


def test_a_conflicted_mag_member_sees_nothing_of_the_proposal_by_any_url(client, world):
    forum, _secretariat, mag, target, _other = world
    conflicted = mag[3]
    login(client, conflicted)
    for url in urls_about(forum, target):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"action": "submit"}).status_code == 404, url
    for name in ("review_queue", "review_board", "review_merges"):
        response = client.get(reverse(name, args=[forum.slug]))
        assert response.status_code == 200
        body = response.content.decode()
        assert target.title not in body
        assert SECRET_NOTE not in body
    # Ranks are computed without the hidden proposal: no gap gives it away.
    board = client.get(reverse("review_board", args=[forum.slug]))
    assert [row.rank_normalised for row in board.context["board"].rows] == [1]
    for name in ("review_manage", "review_notifications"):
        assert client.get(reverse(name, args=[forum.slug])).status_code == 404


def test_conflict_beats_the_secretariat_role_too(client, world):
    forum, secretariat, _mag, target, _other = world
    ReviewConflict.objects.create(proposal=target, reviewer=secretariat, source="declared")
    login(client, secretariat)
    assert (
        client.get(reverse("review_manage_proposal", args=[forum.slug, target.pk])).status_code
        == 404
    )
    board = client.get(reverse("review_board", args=[forum.slug])).content.decode()
    assert target.title not in board


def test_a_mag_member_reviews_only_assigned_proposals(client, world):
    forum, _secretariat, mag, target, other = world
    login(client, mag[0])
    assert client.get(reverse("review_proposal", args=[forum.slug, other.pk])).status_code == 404
    response = client.get(reverse("review_proposal", args=[forum.slug, target.pk]))
    assert response.status_code == 200
    # A MAG member is not the secretariat.
    assert client.get(reverse("review_manage", args=[forum.slug])).status_code == 404
    assert client.post(reverse("review_assign", args=[forum.slug])).status_code == 404


def test_others_scores_stay_hidden_until_one_has_submitted(client, world):
    forum, _secretariat, mag, target, _other = world
    login(client, mag[2])  # assigned, not yet submitted
    body = client.get(reverse("review_proposal", args=[forum.slug, target.pk])).content.decode()
    assert SECRET_NOTE not in body
    assert "once you have submitted your own" in body
    submit(target, mag[2], 3)
    body = client.get(reverse("review_proposal", args=[forum.slug, target.pk])).content.decode()
    assert SECRET_NOTE in body
    assert ORGANIZER_COMMENT in body


def test_with_the_switch_off_scores_are_visible_before_submitting(client, world):
    forum, _secretariat, mag, target, _other = world
    forum.review_settings.hide_scores_until_submitted = False
    forum.review_settings.save()
    login(client, mag[2])
    body = client.get(reverse("review_proposal", args=[forum.slug, target.pk])).content.decode()
    assert SECRET_NOTE in body


def test_anonymous_review_hides_organizer_and_speaker_names(client, world):
    forum, _secretariat, mag, target, _other = world
    from tests.sessions.factories import ProposalPersonFactory

    ProposalPersonFactory(proposal=target, name="Visible Speaker Name")
    login(client, mag[2])
    body = client.get(reverse("review_proposal", args=[forum.slug, target.pk])).content.decode()
    assert "Visible Speaker Name" in body
    assert target.created_by.name in body
    forum.review_settings.anonymous = True
    forum.review_settings.save()
    body = client.get(reverse("review_proposal", args=[forum.slug, target.pk])).content.decode()
    assert "Visible Speaker Name" not in body
    assert target.created_by.name not in body
    assert "Anonymous review" in body


def test_organizers_see_only_their_own_outcome_never_reviewers_or_notes(client, world):
    forum, secretariat, mag, target, other = world
    decision_services.decision_record(
        proposal=target, outcome="accept", by=secretariat, reason="Internal reason"
    )
    organizer = target.created_by
    login(client, organizer)
    url = reverse("proposal_outcome", args=[forum.slug, target.pk])
    body = client.get(url).content.decode()
    assert "has not been announced yet" in body
    assert "Accept" not in body.split("Decision on your proposal")[1]
    decision_notices.notifications_send(forum=forum, by=secretariat)
    body = client.get(url).content.decode()
    assert ORGANIZER_COMMENT in body
    assert "Internal reason" not in body
    assert SECRET_NOTE not in body
    for reviewer in mag:
        assert reviewer.name not in body
        assert reviewer.email not in body
    # Another proposal's organizer, a MAG member and a stranger: 404.
    for stranger in (other.created_by, mag[0], UserFactory()):
        client.logout()
        login(client, stranger)
        assert client.get(url).status_code == 404
    # A co-organizer named by email only sees it too.
    co = UserFactory(email="co-org@example.org")
    ProposalOrganizer.objects.create(proposal=target, name="Co", email="CO-ORG@example.org")
    client.logout()
    login(client, co)
    assert client.get(url).status_code == 200


def test_logged_out_visitors_are_sent_to_the_login_page(client, world):
    forum, _secretariat, _mag, target, _other = world
    for url in [
        *urls_about(forum, target),
        reverse("review_queue", args=[forum.slug]),
        reverse("review_board", args=[forum.slug]),
        reverse("review_manage", args=[forum.slug]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/")


def test_other_forums_mag_members_have_no_access(client, world):
    forum, _secretariat, _mag, target, _other = world
    elsewhere = make_forum()
    visitor = UserFactory()
    grant(visitor, elsewhere, ForumRole.Role.MAG_MEMBER)
    login(client, visitor)
    assert client.get(reverse("review_board", args=[forum.slug])).status_code == 404
    assert client.get(reverse("review_queue", args=[forum.slug])).status_code == 404
    assert client.get(reverse("review_proposal", args=[forum.slug, target.pk])).status_code == 404


def test_the_board_holds_back_scores_until_the_member_has_submitted(client, world):
    forum, _secretariat, mag, target, other = world
    login(client, mag[2])  # assigned to the target, not yet submitted
    board = client.get(reverse("review_board", args=[forum.slug]))
    assert [r.proposal for r in board.context["board"].rows] == [other]
    assert "1 proposal on your list is left out" in board.content.decode()
    submit(target, mag[2], 3)
    board = client.get(reverse("review_board", args=[forum.slug]))
    assert {r.proposal for r in board.context["board"].rows} == {target, other}
    assert 'data-testid="awaiting"' not in board.content.decode()


def test_with_the_switch_off_the_board_shows_everything(client, world):
    forum, _secretariat, mag, target, other = world
    forum.review_settings.hide_scores_until_submitted = False
    forum.review_settings.save()
    login(client, mag[2])
    board = client.get(reverse("review_board", args=[forum.slug]))
    assert {r.proposal for r in board.context["board"].rows} == {target, other}


def test_a_conflicted_secretariat_member_does_not_read_the_outcome_page(client, world):
    forum, secretariat, _mag, target, other = world
    ReviewConflict.objects.create(proposal=target, reviewer=secretariat, source="declared")
    login(client, secretariat)
    assert client.get(reverse("proposal_outcome", args=[forum.slug, target.pk])).status_code == 404
    assert client.get(reverse("proposal_outcome", args=[forum.slug, other.pk])).status_code == 200


def test_the_proposal_page_shows_its_organizers_the_announced_decision(client, world):
    forum, secretariat, mag, target, _other = world
    decision_services.decision_record(
        proposal=target, outcome="accept", by=secretariat, reason="Internal reason"
    )
    login(client, target.created_by)
    url = reverse("proposal_detail", args=[forum.slug, target.pk])
    body = client.get(url).content.decode()
    assert "The decision has not been announced yet." in body
    decision_notices.notifications_send(forum=forum, by=secretariat)
    body = client.get(url).content.decode()
    assert '<strong data-testid="outcome-decision">Accept</strong>' in body
    assert ORGANIZER_COMMENT in body
    assert "Internal reason" not in body
    assert SECRET_NOTE not in body
    for reviewer in mag:
        assert reviewer.name not in body
