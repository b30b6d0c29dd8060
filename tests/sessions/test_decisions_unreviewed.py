"""Decisions on proposals nobody reviewed: refused without an explicit confirmation, on one
proposal and in bulk, and listed before anything is recorded."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from forum.models import QueuedMail
from sessions.models import Decision
from sessions.services import decisions as decision_services
from sessions.services.decisions import UnreviewedProposals
from sessions.services.review import ScoreInput, review_save
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
def ctx():
    """Three proposals reviewed (scored 5, 4, 3) and one with only a draft review."""
    forum = make_forum()
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 1)
    *reviewed, lonely = make_proposals(forum, 4)
    for proposal, value in zip(reviewed, [5, 4, 3], strict=True):
        assign(proposal, mag[0])
        submit(proposal, mag[0], value)
    assign(lonely, mag[0])
    first = forum.review_criteria.first()
    review_save(proposal=lonely, reviewer=mag[0], scores={first.pk: ScoreInput(value=4)}, now=NOW)
    return forum, secretariat, reviewed, lonely


def test_a_decision_on_an_unreviewed_proposal_needs_a_confirmation(ctx):
    _forum, secretariat, reviewed, lonely = ctx
    with pytest.raises(UnreviewedProposals) as error:
        decision_services.decision_record(
            proposal=lonely, outcome="reject", by=secretariat, reason="Below"
        )
    assert error.value.proposals == [lonely]
    assert error.value.message_dict == {
        "confirm_unreviewed": ["1 proposal has no review: confirm that you decide without one."]
    }
    assert Decision.objects.count() == 0
    decision = decision_services.decision_record(
        proposal=lonely, outcome="reject", by=secretariat, reason="Below", confirm_unreviewed=True
    )
    assert decision.outcome == "reject"
    # A reviewed proposal needs no confirmation.
    decision_services.decision_record(
        proposal=reviewed[0], outcome="accept", by=secretariat, reason="Top"
    )
    assert Decision.objects.count() == 2


def test_bulk_decisions_list_every_unreviewed_proposal_and_record_none_until_all_confirmed(ctx):
    forum, secretariat, reviewed, lonely = ctx
    other = make_proposals(forum, 1)[0]
    targets = [reviewed[2], lonely, other]
    for confirmed in ((), [lonely.pk]):
        with pytest.raises(UnreviewedProposals) as error:
            decision_services.decisions_bulk(
                proposals=targets,
                outcome="reject",
                by=secretariat,
                reason="Below the line",
                confirmed_unreviewed=confirmed,
            )
        assert error.value.proposals == [lonely, other]
        assert Decision.objects.count() == 0
    decisions = decision_services.decisions_bulk(
        proposals=targets,
        outcome="reject",
        by=secretariat,
        reason="Below the line",
        confirmed_unreviewed=[lonely.pk, other.pk],
    )
    assert [d.proposal for d in decisions] == targets


def _login(client, user):
    assert client.login(username=user.email, password=PASSWORD)


def test_the_board_lists_the_unreviewed_proposals_before_recording(client, ctx):
    forum, secretariat, reviewed, lonely = ctx
    _login(client, secretariat)
    decide = reverse("review_bulk_decide", args=[forum.slug])
    form = {"slots": 2, "order": "mean", "target": "rest", "outcome": "reject", "reason": "Below"}
    page = client.post(decide, form)
    assert page.status_code == 200
    html = page.content.decode()
    listed = re.search(r'<ul data-testid="unreviewed-list">(.*?)</ul>', html, re.S).group(1)
    assert lonely.title in listed
    assert reviewed[2].title not in listed
    assert "Nothing is recorded yet" in html
    assert Decision.objects.count() == 0
    # The page posts the same form again with the listed ids: the secretariat's confirmation.
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)
    assert ("confirm_unreviewed", str(lonely.pk)) in hidden
    data: dict[str, list[str]] = {}
    for name, value in hidden:
        if name != "csrfmiddlewaretoken":
            data.setdefault(name, []).append(value)
    response = client.post(decide, data, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["2 decisions recorded."]
    assert set(Decision.objects.values_list("proposal_id", "outcome")) == {
        (reviewed[2].pk, "reject"),
        (lonely.pk, "reject"),
    }
    # The same again: nothing new, and the page says so.
    response = client.post(decide, data, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "0 decisions recorded. 2 were already recorded and are unchanged."
    ]
    # The list to announce marks the decision no review supports, once.
    notifications = client.get(reverse("review_notifications", args=[forum.slug]))
    assert notifications.content.decode().count('data-testid="unreviewed"') == 1
    assert QueuedMail.objects.count() == 0


def test_the_proposal_page_asks_for_the_tick_on_an_unreviewed_proposal(client, ctx):
    forum, secretariat, reviewed, lonely = ctx
    _login(client, secretariat)
    url = reverse("review_manage_proposal", args=[forum.slug, lonely.pk])
    assert 'data-testid="unreviewed-warning"' in client.get(url).content.decode()
    decide = {"action": "decide", "decide-outcome": "reject", "decide-reason": "Below"}
    response = client.post(url, decide)
    assert response.status_code == 400
    assert "confirm that you decide without one" in response.content.decode()
    assert Decision.objects.count() == 0
    response = client.post(url, {**decide, "decide-confirm_unreviewed": "on"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Decision recorded."]
    response = client.post(url, {**decide, "decide-confirm_unreviewed": "on"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "This decision was already recorded: nothing changed."
    ]
    assert Decision.objects.count() == 1
    # A reviewed proposal's page neither warns nor asks.
    page = client.get(reverse("review_manage_proposal", args=[forum.slug, reviewed[0].pk]))
    assert "unreviewed" not in page.content.decode()
