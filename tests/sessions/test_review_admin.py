"""The review stage in the admin: settings editable by the forum's secretariat; reviews, scores,
assignments and decisions read-only and blind to the viewer's conflicts of interest."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sessions.models import Review, ReviewConflict, ReviewScore
from tests.factories import PASSWORD
from tests.sessions.review_helpers import (
    assign,
    make_forum,
    make_mag,
    make_proposals,
    make_secretariat,
    submit,
)

pytestmark = pytest.mark.django_db
NOTE = "A note only for the MAG"


def assert_missing(client, url):
    """The admin answers as for a row that does not exist: a redirect to its index that says so,
    and nothing of the row."""
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    page = client.get(response.url)
    assert page.status_code == 200
    assert "doesn’t exist. Perhaps it was deleted?" in page.content.decode()


def test_admin_hides_the_reviews_of_a_conflicted_proposal_and_other_forums(client):
    forum = make_forum()
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 1)
    mine, other = make_proposals(forum, 2)
    for proposal in (mine, other):
        assign(proposal, mag[0])
        submit(proposal, mag[0], 4, note=NOTE)
    ReviewConflict.objects.create(proposal=mine, reviewer=secretariat, source="organizer")
    assert client.login(username=secretariat.email, password=PASSWORD)
    for model in ("review", "reviewscore", "decision", "reviewassignment"):
        page = client.get(reverse(f"admin:programme_{model}_changelist"))
        assert page.status_code == 200
        assert mine.title not in page.content.decode(), model
    # A row the viewer may not see is treated as missing: the admin sends them to its index.
    hidden = Review.objects.get(proposal=mine)
    assert_missing(client, reverse("admin:programme_review_change", args=[hidden.pk]))
    score = ReviewScore.objects.filter(review=hidden).first()
    assert_missing(client, reverse("admin:programme_reviewscore_change", args=[score.pk]))
    visible = Review.objects.get(proposal=other)
    page = client.get(reverse("admin:programme_review_change", args=[visible.pk]))
    assert page.status_code == 200
    # Read-only: no way to change a submitted review from the admin.
    response = client.post(
        reverse("admin:programme_review_change", args=[visible.pk]), {"status": "draft"}
    )
    assert response.status_code == 403
    assert Review.objects.get(pk=visible.pk).status == "submitted"
    # Another forum's secretariat sees none of it.
    client.logout()
    stranger = make_secretariat(make_forum())
    assert client.login(username=stranger.email, password=PASSWORD)
    page = client.get(reverse("admin:programme_review_changelist"))
    assert other.title not in page.content.decode()


def test_secretariat_edits_its_review_settings_in_the_admin(client):
    forum = make_forum()
    secretariat = make_secretariat(forum)
    assert client.login(username=secretariat.email, password=PASSWORD)
    url = reverse("admin:programme_reviewsettings_change", args=[forum.review_settings.pk])
    assert client.get(url).status_code == 200
    elsewhere = make_forum()
    url = reverse("admin:programme_reviewsettings_change", args=[elsewhere.review_settings.pk])
    assert_missing(client, url)
    assert (
        elsewhere.name
        not in client.get(reverse("admin:programme_reviewsettings_changelist")).content.decode()
    )
