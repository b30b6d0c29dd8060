"""Reviews: validation of scores and reasons, drafts, the window, totals; results and the
normalisation that removes a harsh or lenient reviewer's bias."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sessions.models import Review, ReviewScore
from sessions.selectors.results import normalise, results_for
from sessions.services import review as review_services
from sessions.services.review import ScoreInput
from tests.factories import UserFactory
from tests.sessions.review_helpers import (
    NOW,
    assign,
    make_forum,
    make_mag,
    make_proposals,
    make_secretariat,
    scores_for,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    forum = make_forum()
    mag = make_mag(forum, 3)
    proposal = make_proposals(forum, 1)[0]
    assign(proposal, mag[0])
    return forum, mag, proposal


def test_default_igf_criteria_reasons_and_templates():
    forum = make_forum()
    assert list(forum.review_criteria.values_list("name", "min_score", "max_score")) == [
        ("Relevance to the theme", 1, 5),
        ("Content and policy questions", 1, 5),
        ("Diversity of speakers and organizers", 1, 5),
        ("Format and interaction", 1, 5),
    ]
    assert forum.low_score_reasons.count() == 7
    assert sorted(forum.notification_templates.values_list("outcome", flat=True)) == [
        "accept",
        "accept_conditions",
        "merge",
        "other_format",
        "reject",
    ]
    assert forum.review_settings.reviewers_per_proposal == 3
    assert forum.review_settings.reason_required_at_or_below == 3


def test_submit_reports_every_problem_at_once_and_stores_nothing(setup):
    forum, mag, proposal = setup
    criteria = list(forum.review_criteria.all())
    scores = {
        criteria[0].pk: ScoreInput(value=9),
        criteria[1].pk: ScoreInput(value=2),  # low, no reason
        criteria[2].pk: ScoreInput(value=3, reason_id=999_999, reason_text="why"),
        # criteria[3] missing
    }
    with pytest.raises(ValidationError) as error:
        review_services.review_save(
            proposal=proposal, reviewer=mag[0], scores=scores, submit=True, now=NOW
        )
    assert error.value.message_dict == {
        f"score_{criteria[0].pk}": ["The score must be from 1 to 5."],
        f"reason_{criteria[1].pk}": ["A score of 2 needs a reason: choose one from the list."],
        f"reason_text_{criteria[1].pk}": ["A score of 2 needs a few words of explanation."],
        f"reason_{criteria[2].pk}": ["Choose a reason from the list."],
        f"score_{criteria[3].pk}": ["Give a score from 1 to 5."],
    }
    assert Review.objects.count() == 0


def test_draft_keeps_partial_work_then_submit_computes_the_weighted_total(setup):
    forum, mag, proposal = setup
    criteria = list(forum.review_criteria.all())
    review = review_services.review_save(
        proposal=proposal,
        reviewer=mag[0],
        scores={criteria[0].pk: ScoreInput(value=2)},
        comment_to_organizers="Good <b>idea</b>",
        submit=False,
        now=NOW,
    )
    assert (review.status, review.total) == ("draft", None)
    assert list(review.scores.values_list("value", flat=True)) == [2]
    criteria[0].weight = Decimal(3)
    criteria[0].save()
    reason = forum.low_score_reasons.first()
    review = review_services.review_save(
        proposal=proposal,
        reviewer=mag[0],
        scores={
            criteria[0].pk: ScoreInput(value=2, reason_id=reason.pk, reason_text="Weak link"),
            criteria[1].pk: ScoreInput(value=5),
            criteria[2].pk: ScoreInput(value=5),
            criteria[3].pk: ScoreInput(value=4),
        },
        comment_to_organizers="Good <b>idea</b>",
        note_for_mag="Only for the MAG",
        submit=True,
        now=NOW,
    )
    assert review.status == "submitted"
    assert review.submitted_at == NOW
    # (3*2 + 5 + 5 + 4) / 6
    assert review.total == pytest.approx(20 / 6)
    assert ReviewScore.objects.filter(review=review).count() == 4
    assert review.comment_to_organizers == "Good <b>idea</b>"
    assert review.note_for_mag == "Only for the MAG"


def test_only_assigned_unconflicted_reviewers_inside_the_window(setup):
    forum, mag, proposal = setup
    for stranger in (mag[1], UserFactory()):
        with pytest.raises(PermissionDenied):
            submit(proposal, stranger, 4)
    config = forum.review_settings
    config.opens_at = NOW - dt.timedelta(days=10)
    config.closes_at = NOW - dt.timedelta(days=1)
    config.save()
    with pytest.raises(ValidationError, match="review period is closed"):
        submit(proposal, mag[0], 4)
    config.closes_at = NOW + dt.timedelta(days=1)
    config.save()
    assert submit(proposal, mag[0], 4).status == "submitted"
    review_services.conflict_declare(proposal=proposal, reviewer=mag[0], reason="Colleague")
    with pytest.raises(PermissionDenied):
        submit(proposal, mag[0], 4)
    assert Review.objects.filter(reviewer=mag[0]).count() == 0


def test_normalise_removes_a_constant_bias():
    # Reviewer 1 is harsh, reviewer 2 lenient by two points, on the same proposals.
    harsh = [(1, 1, 1.0), (2, 1, 2.0), (3, 1, 3.0)]
    lenient = [(1, 2, 3.0), (2, 2, 4.0), (3, 2, 5.0)]
    result = normalise(harsh + lenient)
    assert normalise(harsh) == normalise(lenient) == result
    assert result[1] < result[2] < result[3]
    assert result[2] == pytest.approx(0.0)


def test_a_harsh_and_a_lenient_reviewer_give_the_same_ranking_once_normalised():
    """Two reviewers grade different proposals of the same quality: one harsh, one lenient.

    By mean, every proposal of the lenient reviewer beats every proposal of the harsh one; once
    normalised, the n-th best of each ties and the ranking follows quality alone."""
    forum = make_forum()
    make_secretariat(forum)
    harsh, lenient = make_mag(forum, 2)
    harsh_props = make_proposals(forum, 3)
    lenient_props = make_proposals(forum, 3)
    for proposal, value in zip(harsh_props, [1, 2, 3], strict=True):
        assign(proposal, harsh)
        submit(proposal, harsh, value)
    for proposal, value in zip(lenient_props, [3, 4, 5], strict=True):
        assign(proposal, lenient)
        submit(proposal, lenient, value)
    viewer = forum.roles.get(role="secretariat").user
    rows = {row.proposal.pk: row for row in results_for(forum=forum, viewer=viewer)}
    by_mean = [pk for pk, _ in sorted(rows.items(), key=lambda kv: kv[1].rank_mean)]
    assert by_mean[:2] == [lenient_props[2].pk, lenient_props[1].pk]
    for h, lower in zip(harsh_props, lenient_props, strict=True):
        assert rows[h.pk].normalised == pytest.approx(rows[lower.pk].normalised)
        assert rows[h.pk].rank_normalised == rows[lower.pk].rank_normalised
    assert [rows[p.pk].rank_normalised for p in harsh_props] == [5, 3, 1]
    assert [rows[p.pk].rank_normalised for p in lenient_props] == [5, 3, 1]


def test_results_mean_median_spread_and_ranks():
    forum = make_forum()
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 3)
    a, b = make_proposals(forum, 2)
    for reviewer, value in zip(mag, [2, 4, 5], strict=True):
        assign(a, reviewer)
        submit(a, reviewer, value)
    for reviewer, value in zip(mag, [3, 3, 4], strict=True):
        assign(b, reviewer)
        submit(b, reviewer, value)
    rows = {row.proposal.pk: row for row in results_for(forum=forum, viewer=secretariat)}
    assert (rows[a.pk].mean, rows[a.pk].median) == (pytest.approx(11 / 3), 4.0)
    assert rows[a.pk].spread == pytest.approx(1.247219, rel=1e-5)
    assert (rows[b.pk].mean, rows[b.pk].median) == (pytest.approx(10 / 3), 3.0)
    assert (rows[a.pk].rank_mean, rows[b.pk].rank_mean) == (1, 2)
    assert (rows[a.pk].rank_median, rows[b.pk].rank_median) == (1, 2)
    assert rows[a.pk].reviewers == 3
    # Drafts do not count.
    c = make_proposals(forum, 1)[0]
    assign(c, mag[0])
    review_services.review_save(
        proposal=c, reviewer=mag[0], scores=scores_for(forum, 5), submit=False, now=NOW
    )
    rows = {row.proposal.pk: row for row in results_for(forum=forum, viewer=secretariat)}
    assert (rows[c.pk].mean, rows[c.pk].rank_mean, rows[c.pk].reviewers) == (None, None, 0)


def test_results_follow_the_current_weights():
    forum = make_forum()
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 1)
    a, b = make_proposals(forum, 2)
    criteria = list(forum.review_criteria.all())
    reason = forum.low_score_reasons.first()

    def scores(first, rest):
        return {
            c.pk: ScoreInput(
                value=first if i == 0 else rest, reason_id=reason.pk, reason_text="because"
            )
            for i, c in enumerate(criteria)
        }

    for proposal, (first, rest) in ((a, (5, 2)), (b, (1, 3))):
        assign(proposal, mag[0])
        review_services.review_save(
            proposal=proposal, reviewer=mag[0], scores=scores(first, rest), submit=True, now=NOW
        )
    rows = {r.proposal: r for r in results_for(forum=forum, viewer=secretariat)}
    assert (rows[a].mean, rows[b].mean) == (pytest.approx(11 / 4), pytest.approx(10 / 4))
    criteria[0].weight = Decimal(0)
    criteria[0].save()
    rows = {r.proposal: r for r in results_for(forum=forum, viewer=secretariat)}
    assert (rows[a].mean, rows[b].mean) == (pytest.approx(2.0), pytest.approx(3.0))
    assert (rows[a].rank_mean, rows[b].rank_mean) == (2, 1)
