"""The secretariat's pages for the review criteria and the reasons for low scores: who may see and
post them, adding, editing, reordering and removing, and the changes refused once scores use a
criterion or reason (its scale, its weight, its removal, a new criterion after submissions)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sessions.models import LowScoreReason, ReviewCriterion
from sessions.services.review_criteria import criterion_save
from tests.factories import UserFactory
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
def forum():
    return make_forum()


@pytest.fixture
def secretariat(forum):
    return make_secretariat(forum)


def scored_forum(forum):
    """One submitted review of the forum, with the lowest score and a reason on every criterion."""
    [member] = make_mag(forum, 1)
    [proposal] = make_proposals(forum, 1)
    assign(proposal, member)
    return submit(proposal, member, 1, now=NOW)


def names(forum) -> list[str]:
    return list(forum.review_criteria.order_by("position", "pk").values_list("name", flat=True))


def urls(forum) -> list[tuple[str, str]]:
    criterion = forum.review_criteria.first()
    reason = forum.low_score_reasons.first()
    slug = forum.slug
    return [
        ("get", reverse("settings_review_criteria", args=[slug])),
        ("get", reverse("settings_review_criterion_new", args=[slug])),
        ("get", reverse("settings_review_criterion_edit", args=[slug, criterion.pk])),
        ("get", reverse("settings_low_score_reason_new", args=[slug])),
        ("get", reverse("settings_low_score_reason_edit", args=[slug, reason.pk])),
        ("post", reverse("settings_review_criterion_new", args=[slug])),
        ("post", reverse("settings_review_criterion_edit", args=[slug, criterion.pk])),
        ("post", reverse("settings_low_score_reason_edit", args=[slug, reason.pk])),
        ("post", reverse("settings_review_row_action", args=[slug, "criterion", criterion.pk])),
        ("post", reverse("settings_review_row_action", args=[slug, "reason", reason.pk])),
    ]


CRITERION = {
    "name": "Newcomers",
    "help_text": "Speakers new to the IGF.",
    "weight": "2",
    "min_score": "1",
    "max_score": "5",
}


def test_only_the_forums_secretariat_sees_and_changes_criteria_and_reasons(
    client, forum, secretariat
):
    other = make_forum()
    before = (names(forum), list(forum.low_score_reasons.values_list("text", flat=True)))
    for user in [UserFactory(), make_secretariat(other), *make_mag(forum, 1)]:
        client.force_login(user)
        for method, url in urls(forum):
            data = {**CRITERION, "text": "x", "action": "delete"}
            response = getattr(client, method)(url, data)
            assert (method, url, response.status_code) == (method, url, 404)
    assert (names(forum), list(forum.low_score_reasons.values_list("text", flat=True))) == before
    # The forum's own secretariat sees every page, and another forum's rows are not found.
    client.force_login(secretariat)
    for method, url in urls(forum):
        if method == "get":
            assert client.get(url).status_code == 200
    foreign = other.review_criteria.first()
    edit = reverse("settings_review_criterion_edit", args=[forum.slug, foreign.pk])
    assert client.get(edit).status_code == 404
    action = reverse("settings_review_row_action", args=[forum.slug, "criterion", foreign.pk])
    assert client.post(action, {"action": "delete"}).status_code == 404
    assert ReviewCriterion.objects.filter(pk=foreign.pk).exists()


def test_the_forum_page_links_the_criteria_page(client, forum, secretariat):
    client.force_login(secretariat)
    page = client.get(forum.get_absolute_url()).content.decode()
    assert reverse("settings_review_criteria", args=[forum.slug]) in page


def test_a_criterion_is_added_last_edited_and_listed(client, forum, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("settings_review_criterion_new", args=[forum.slug]), CRITERION)
    assert response.status_code == 302
    assert names(forum)[-1] == "Newcomers"
    added = forum.review_criteria.get(name="Newcomers")
    assert (added.weight, added.help_text, added.position) == (
        Decimal("2"),
        "Speakers new to the IGF.",
        4,
    )
    edit = reverse("settings_review_criterion_edit", args=[forum.slug, added.pk])
    assert (
        client.post(edit, {**CRITERION, "name": "Newcomers <b>", "weight": "3"}).status_code == 302
    )
    added.refresh_from_db()
    assert (added.name, added.weight) == ("Newcomers <b>", Decimal("3"))
    page = client.get(reverse("settings_review_criteria", args=[forum.slug])).content.decode()
    assert "Newcomers &lt;b&gt;" in page and "Newcomers <b>" not in page


def test_a_wrong_scale_is_refused_with_the_error_shown(client, forum, secretariat):
    client.force_login(secretariat)
    url = reverse("settings_review_criterion_new", args=[forum.slug])
    response = client.post(url, {**CRITERION, "min_score": "5", "max_score": "5"})
    assert response.status_code == 400
    assert 'data-testid="error-summary"' in response.content.decode()
    response = client.post(url, {**CRITERION, "weight": "-1"})
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()
    assert "Newcomers" not in names(forum)


def test_criteria_and_reasons_move_up_and_down(client, forum, secretariat):
    client.force_login(secretariat)
    first, second, *_rest = forum.review_criteria.order_by("position")
    before = names(forum)
    action = reverse("settings_review_row_action", args=[forum.slug, "criterion", second.pk])
    assert client.post(action, {"action": "up"}).status_code == 302
    assert names(forum) == [before[1], before[0], *before[2:]]
    assert client.post(action, {"action": "up"}).status_code == 302  # already first: unchanged
    assert names(forum) == [before[1], before[0], *before[2:]]
    assert client.post(action, {"action": "down"}).status_code == 302
    assert names(forum) == before
    reasons = list(forum.low_score_reasons.order_by("position", "pk"))
    action = reverse("settings_review_row_action", args=[forum.slug, "reason", reasons[0].pk])
    assert client.post(action, {"action": "down"}).status_code == 302
    moved = list(forum.low_score_reasons.order_by("position", "pk"))
    assert moved[:2] == [reasons[1], reasons[0]]
    assert client.post(action, {"action": "sideways"}).status_code == 400


def test_unused_criteria_and_reasons_are_removed(client, forum, secretariat):
    client.force_login(secretariat)
    criterion = forum.review_criteria.first()
    reason = forum.low_score_reasons.first()
    for kind, row in (("criterion", criterion), ("reason", reason)):
        url = reverse("settings_review_row_action", args=[forum.slug, kind, row.pk])
        assert client.post(url, {"action": "delete"}).status_code == 302
    assert not ReviewCriterion.objects.filter(pk=criterion.pk).exists()
    assert not LowScoreReason.objects.filter(pk=reason.pk).exists()


def test_scored_criteria_and_given_reasons_are_kept_and_scales_fixed(client, forum, secretariat):
    review = scored_forum(forum)
    total = review.total
    client.force_login(secretariat)
    criterion = forum.review_criteria.order_by("position").first()
    reason = review.scores.first().reason
    page = reverse("settings_review_criteria", args=[forum.slug])
    for kind, row in (("criterion", criterion), ("reason", reason)):
        url = reverse("settings_review_row_action", args=[forum.slug, kind, row.pk])
        response = client.post(url, {"action": "delete"}, follow=True)
        assert "cannot be removed" in response.content.decode()
    assert ReviewCriterion.objects.filter(pk=criterion.pk).exists()
    assert LowScoreReason.objects.filter(pk=reason.pk).exists()
    assert "In use: kept" in client.get(page).content.decode()
    # The scale and weight are shown fixed; a post changing them leaves them as they were,
    # while the name and guidance change.
    edit = reverse("settings_review_criterion_edit", args=[forum.slug, criterion.pk])
    response = client.post(
        edit, {**CRITERION, "name": "Relevance", "weight": "9", "min_score": "0", "max_score": "9"}
    )
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert (criterion.name, criterion.weight, criterion.min_score, criterion.max_score) == (
        "Relevance",
        Decimal("1"),
        1,
        5,
    )
    # The service refuses it too, whatever form sends it.
    criterion.weight = Decimal("9")
    with pytest.raises(ValidationError) as refused:
        criterion_save(forum=forum, by=secretariat, criterion=criterion)
    assert "weight" in refused.value.message_dict
    criterion.refresh_from_db()
    assert criterion.weight == Decimal("1")
    review.refresh_from_db()
    assert review.total == total


def test_no_criterion_is_added_once_a_review_is_submitted(client, forum, secretariat):
    scored_forum(forum)
    before = names(forum)
    client.force_login(secretariat)
    response = client.post(reverse("settings_review_criterion_new", args=[forum.slug]), CRITERION)
    assert response.status_code == 400
    assert "Reviews have already been submitted" in response.content.decode()
    assert names(forum) == before
