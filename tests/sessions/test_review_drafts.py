"""A submitted review changes only as a whole, valid review; a draft keeps what was entered, even
nothing at all, and never has a total."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sessions.models import Review, ReviewScore
from sessions.selectors.results import results_for
from sessions.services import review as review_services
from sessions.services.review import ScoreInput
from tests.factories import PASSWORD
from tests.sessions.review_helpers import (
    NOW,
    assign,
    make_forum,
    make_mag,
    make_proposals,
    make_secretariat,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    forum = make_forum()
    mag = make_mag(forum, 1)
    proposal = make_proposals(forum, 1)[0]
    assign(proposal, mag[0])
    return forum, mag[0], proposal


def _stored(review: Review) -> list[tuple[int, int]]:
    return list(
        ReviewScore.objects.filter(review=review)
        .order_by("criterion_id")
        .values_list("criterion_id", "value")
    )


def test_a_submitted_review_saved_as_a_partial_draft_is_refused_and_keeps_its_scores(setup):
    forum, reviewer, proposal = setup
    review = submit(proposal, reviewer, 4)
    before = _stored(review)
    assert (review.status, review.total) == ("submitted", 4.0)
    first = forum.review_criteria.first()
    with pytest.raises(ValidationError) as error:
        review_services.review_save(
            proposal=proposal,
            reviewer=reviewer,
            scores={first.pk: ScoreInput(value=5)},
            submit=False,
            now=NOW,
        )
    problems = error.value.message_dict
    assert problems["__all__"] == [
        "This review is submitted: changes are saved only as a complete review, with every "
        "criterion scored."
    ]
    assert len([k for k in problems if k.startswith("score_")]) == 3
    review.refresh_from_db()
    assert (review.status, review.total) == ("submitted", 4.0)
    assert _stored(review) == before
    secretariat = make_secretariat(forum)
    assert results_for(forum=forum, viewer=secretariat)[0].scores == [4.0]


def test_a_submitted_review_saved_with_every_score_blank_is_refused_not_a_crash(setup):
    forum, reviewer, proposal = setup
    review = submit(proposal, reviewer, 2)
    with pytest.raises(ValidationError):
        review_services.review_save(
            proposal=proposal, reviewer=reviewer, scores={}, submit=False, now=NOW
        )
    review.refresh_from_db()
    assert (review.status, review.total, len(_stored(review))) == ("submitted", 2.0, 4)


def test_a_submitted_review_changes_as_a_whole_through_either_button(setup):
    forum, reviewer, proposal = setup
    submit(proposal, reviewer, 2)
    scores = {c.pk: ScoreInput(value=5) for c in forum.review_criteria.all()}
    review = review_services.review_save(
        proposal=proposal, reviewer=reviewer, scores=scores, submit=False, now=NOW
    )
    assert (review.status, review.total, review.submitted_at) == ("submitted", 5.0, NOW)


def test_a_draft_keeps_partial_or_no_scores_and_has_no_total(setup):
    forum, reviewer, proposal = setup
    review = review_services.review_save(
        proposal=proposal,
        reviewer=reviewer,
        scores={},
        comment_to_organizers="Thinking",
        submit=False,
        now=NOW,
    )
    assert (review.status, review.total, _stored(review)) == ("draft", None, [])
    assert review.comment_to_organizers == "Thinking"
    criteria = list(forum.review_criteria.all())
    review = review_services.review_save(
        proposal=proposal,
        reviewer=reviewer,
        scores={criteria[1].pk: ScoreInput(value=1)},
        submit=False,
        now=NOW,
    )
    # A low score without its reason is kept in a draft: the reason is asked for on submission.
    assert (review.status, review.total, _stored(review)) == ("draft", None, [(criteria[1].pk, 1)])
    # Drafts count for nothing on the results board.
    assert results_for(forum=forum, viewer=make_secretariat(forum))[0].scores == []


def test_the_page_answers_an_error_not_a_500_and_offers_no_draft_once_submitted(client, setup):
    forum, reviewer, proposal = setup
    submit(proposal, reviewer, 4)
    assert client.login(username=reviewer.email, password=PASSWORD)
    url = reverse("review_proposal", args=[forum.slug, proposal.pk])
    page = client.get(url).content.decode()
    assert 'value="draft"' not in page
    assert "Update submitted review" in page
    response = client.post(url, {"action": "draft", "comment_to_organizers": "Changed"})
    assert response.status_code == 400
    assert "changes are saved only as a complete review" in response.content.decode()
    review = Review.objects.get()
    assert (review.status, review.total, review.comment_to_organizers) == ("submitted", 4.0, "")
    data = {f"score_{c.pk}": "5" for c in forum.review_criteria.all()}
    response = client.post(url, {**data, "action": "draft"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Your submitted review is updated."]
    assert Review.objects.get().total == 5.0


def test_a_blank_first_draft_from_the_page_is_saved(client, setup):
    forum, reviewer, proposal = setup
    assert client.login(username=reviewer.email, password=PASSWORD)
    url = reverse("review_proposal", args=[forum.slug, proposal.pk])
    response = client.post(url, {"action": "draft"}, follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["Your draft is saved."]
    assert Review.objects.get().status == "draft"
