"""The selection board (cut line, moves across it, make-up), bulk decisions from it, and merge
candidates by text similarity."""

from __future__ import annotations

import pytest
from django.urls import reverse

from forum.models import StakeholderGroup
from sessions.models import Decision, ProposalOrganizer, Session
from sessions.selectors_review import merge_candidates, selection_board
from tests.factories import PASSWORD, ThemeFactory
from tests.sessions.factories import PolicyQuestionFactory, ProposalPersonFactory
from tests.sessions.review_helpers import (
    assign,
    make_forum,
    make_mag,
    make_proposals,
    make_secretariat,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked():
    """Four proposals scored 5, 4, 3, 2 by the same two reviewers, with different make-ups."""
    forum = make_forum()
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 2)
    theme_a, theme_b = (
        ThemeFactory(forum=forum, name="AI"),
        ThemeFactory(forum=forum, name="Access"),
    )
    proposals = make_proposals(forum, 4)
    setups = [
        # (theme, first-time, developing country, organizer country, speaker genders)
        (theme_a, True, True, "KE", ["woman", "man"]),
        (theme_b, False, True, "BR", ["woman"]),
        (theme_a, True, False, "DE", ["man", "man"]),
        (theme_b, False, False, "JP", ["non-binary"]),
    ]
    for proposal, (theme, first, developing, country, genders) in zip(
        proposals, setups, strict=True
    ):
        proposal.theme = theme
        proposal.first_time_organizer = first
        proposal.developing_country_organizer = developing
        proposal.save()
        ProposalOrganizer.objects.filter(proposal=proposal).update(country=country)
        for gender in genders:
            ProposalPersonFactory(proposal=proposal, gender=gender)
    for proposal, value in zip(proposals, [5, 4, 3, 2], strict=True):
        for reviewer in mag:
            assign(proposal, reviewer)
            submit(proposal, reviewer, value)
    return forum, secretariat, proposals


def test_the_cut_line_follows_the_slots_and_the_make_up_follows_the_selection(ranked):
    forum, secretariat, proposals = ranked
    board = selection_board(forum=forum, viewer=secretariat, slots=2)
    assert [r.proposal for r in board.rows] == proposals
    assert [r.proposal for r in board.selected] == proposals[:2]
    assert board.cut_after == 2
    comp = board.composition
    assert comp.total == 2
    assert dict(comp.regions) == {
        "African Group": 1,
        "Latin American and Caribbean Group": 1,
    }
    assert dict(comp.stakeholder_groups) == {
        StakeholderGroup.objects.get(code="civil-society").name: 2
    }
    assert dict(comp.speaker_genders) == {"woman": 2, "man": 1}
    assert (comp.first_time, comp.developing_country) == (1, 2)
    assert dict(comp.themes) == {"AI": 1, "Access": 1}
    # Move the third up and the second down: the make-up updates.
    moved = selection_board(
        forum=forum,
        viewer=secretariat,
        slots=2,
        include={proposals[2].pk},
        exclude={proposals[1].pk},
    )
    assert [r.proposal for r in moved.selected] == [proposals[0], proposals[2]]
    assert dict(moved.composition.regions) == {
        "African Group": 1,
        "Western European and Others Group": 1,
    }
    assert dict(moved.composition.speaker_genders) == {"woman": 1, "man": 3}
    assert (moved.composition.first_time, moved.composition.developing_country) == (2, 1)
    assert dict(moved.composition.themes) == {"AI": 2}


def test_board_page_ticks_become_moves_and_bulk_decisions_follow_the_line(client, ranked):
    forum, secretariat, proposals = ranked
    assert client.login(username=secretariat.email, password=PASSWORD)
    url = reverse("review_board", args=[forum.slug])
    page = client.get(url, {"slots": 2})
    body = page.content.decode()
    assert body.count('data-testid="cut-line"') == 1
    # Untick the second, tick the fourth.
    response = client.get(
        url,
        {
            "slots": 2,
            "order": "normalised",
            "selected_present": "1",
            "selected": [proposals[0].pk, proposals[3].pk],
        },
    )
    assert response.status_code == 302
    assert f"include={proposals[3].pk}" in response.url
    assert f"exclude={proposals[1].pk}" in response.url
    moved = client.get(response.url)
    assert [r.proposal for r in moved.context["board"].selected] == [proposals[0], proposals[3]]
    decide = reverse("review_bulk_decide", args=[forum.slug])
    common = {
        "slots": 2,
        "order": "normalised",
        "include": [proposals[3].pk],
        "exclude": [proposals[1].pk],
    }
    client.post(decide, {**common, "target": "selected", "outcome": "accept", "reason": "Above"})
    client.post(decide, {**common, "target": "rest", "outcome": "reject", "reason": "Below"})
    assert dict(Decision.objects.filter(is_current=True).values_list("proposal_id", "outcome")) == {
        proposals[0].pk: "accept",
        proposals[3].pk: "accept",
        proposals[1].pk: "reject",
        proposals[2].pk: "reject",
    }
    assert set(Session.objects.values_list("proposal_id", flat=True)) == {
        proposals[0].pk,
        proposals[3].pk,
    }
    # A bulk decision with a missing reason records nothing and says why.
    response = client.post(
        decide, {**common, "target": "rest", "outcome": "accept", "reason": ""}, follow=True
    )
    assert "This field is required." in response.content.decode()
    assert Decision.objects.count() == 4


def test_a_mag_member_reads_the_board_but_cannot_decide(client, ranked):
    forum, _secretariat, proposals = ranked
    member = forum.roles.filter(role="mag").first().user
    assert client.login(username=member.email, password=PASSWORD)
    page = client.get(reverse("review_board", args=[forum.slug]), {"slots": 1})
    assert page.status_code == 200
    assert "Decide in bulk" not in page.content.decode()
    response = client.post(
        reverse("review_bulk_decide", args=[forum.slug]),
        {"slots": 1, "target": "selected", "outcome": "accept", "reason": "x"},
    )
    assert response.status_code == 404
    assert Decision.objects.count() == 0
    assert [r.proposal for r in page.context["board"].selected] == proposals[:1]


def test_merge_candidates_by_title_description_and_policy_questions():
    forum = make_forum()
    secretariat = make_secretariat(forum)
    a, b, c, d = make_proposals(forum, 4)
    texts = [
        (a, "Cybersecurity capacity building in Africa", "Regional CERT cooperation and skills."),
        (b, "Building cybersecurity capacity across Africa", "CERT cooperation, skills, regions."),
        (c, "Gender and meaningful connectivity", "Women online in rural areas."),
        (d, "Children's rights and online safety", "Age-appropriate design and parents."),
    ]
    for proposal, title, description in texts:
        proposal.title, proposal.description = title, description
        proposal.save()
    PolicyQuestionFactory(proposal=a, text="How can CERT cooperation be strengthened?")
    PolicyQuestionFactory(proposal=b, text="What makes CERT cooperation work?")
    pairs = merge_candidates(forum=forum, viewer=secretariat)
    assert [(x.pk, y.pk) for x, y, _ in pairs] == [(a.pk, b.pk)]
    assert pairs[0][2] > 0.5


def test_the_board_flags_merge_candidates(client):
    forum = make_forum()
    secretariat = make_secretariat(forum)
    a, b, c = make_proposals(forum, 3)
    for proposal, title in (
        (a, "Cybersecurity capacity building in Africa"),
        (b, "Building cybersecurity capacity across Africa"),
        (c, "Children's rights and online safety"),
    ):
        proposal.title, proposal.description = title, title
        proposal.save()
    assert client.login(username=secretariat.email, password=PASSWORD)
    page = client.get(reverse("review_board", args=[forum.slug]))
    rows = {r.proposal.pk: r for r in page.context["board"].rows}
    assert [other.pk for other, _ in rows[a.pk].similar] == [b.pk]
    assert [other.pk for other, _ in rows[b.pk].similar] == [a.pk]
    assert rows[c.pk].similar == []
    assert page.content.decode().count('data-testid="merge-flag"') == 2
