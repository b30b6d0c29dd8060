"""The selection board (cut line, moves across it, make-up), bulk decisions from it, and merge
candidates by text similarity."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from forum.models import StakeholderGroup
from sessions.models import Decision, ProposalOrganizer, ReviewConflict, Session
from sessions.selectors.selection import merge_candidates, selection_board
from tests.factories import PASSWORD, ThemeFactory, UserFactory
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


# --- The live make-up (the board's script asks for it as ticks change) ----------------------------


# Session, user, forum, roles, conflicts, proposals, their decisions, criteria, scores, then the
# ticked proposals with their organizers and people: the same whatever the number ticked.
QUERIES_MAKEUP = 12


def _makeup(client, forum, ids, *, method="post"):
    url = reverse("review_board_makeup", args=[forum.slug])
    return getattr(client, method)(url, {"selected": [str(i) for i in ids]})


def test_the_live_make_up_is_the_boards_own_for_the_same_selection(client, ranked):
    forum, secretariat, proposals = ranked
    assert client.login(username=secretariat.email, password=PASSWORD)
    # The board with the third moved up and the second moved down...
    page = client.get(
        reverse("review_board", args=[forum.slug]),
        {"slots": 2, "include": proposals[2].pk, "exclude": proposals[1].pk},
    )
    # ...and the endpoint with the same two ticked, by POST (the script) and by GET.
    response = _makeup(client, forum, [proposals[0].pk, proposals[2].pk])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data == page.context["makeup"]
    assert data == _makeup(client, forum, [proposals[2].pk, proposals[0].pk], method="get").json()
    assert data["total"] == 2
    assert data["heading"] == "Make-up of the selection (2 proposals)"
    assert data["announcement"] == "Make-up updated: 2 proposals selected."
    sections = {s["key"]: dict(s["counts"]) for s in data["sections"]}
    assert sections["regions"] == {"African Group": 1, "Western European and Others Group": 1}
    assert sections["speaker_genders"] == {"woman": 1, "man": 3}
    assert sections["themes"] == {"AI": 2}
    assert (data["first_time"], data["developing_country"]) == (2, 1)
    # The page renders the same figures it would send.
    body = page.content.decode()
    assert '<strong data-testid="first-time" data-makeup="first_time">2</strong>' in body
    assert 'id="board-config"' in body and "sessions/board" in body
    # Nothing ticked: an empty make-up; junk and unknown ids count as not ticked.
    empty = _makeup(client, forum, []).json()
    assert empty["total"] == 0 and empty["first_time"] == 0
    assert all(s["counts"] == [] for s in empty["sections"])
    url = reverse("review_board_makeup", args=[forum.slug])
    junk = client.post(url, {"selected": ["x", "²", "9" * 40, "-1", "99999999"]}).json()
    assert junk == empty


def test_the_live_make_up_asks_for_the_boards_permission(client, ranked):
    forum, secretariat, proposals = ranked
    url = reverse("review_board_makeup", args=[forum.slug])
    ids = {"selected": [p.pk for p in proposals]}
    response = client.post(url, ids)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    # Someone without a role here, and the secretariat and MAG of another forum: 404, no hint.
    other = make_forum()
    outsiders = [
        UserFactory(),
        make_secretariat(other),
        make_mag(other, 1, prefix="other")[0],
    ]
    for outsider in outsiders:
        client.force_login(outsider)
        assert client.post(url, ids).status_code == 404
        assert client.get(url, ids).status_code == 404
    # The other forum's proposals count for nothing on this forum's board.
    client.force_login(secretariat)
    foreign = make_proposals(other, 1)[0]
    assert _makeup(client, forum, [foreign.pk]).json()["total"] == 0
    assert client.put(url).status_code == 405
    # The script sends the CSRF token; a POST without one is refused.
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(secretariat)
    assert strict.post(url, ids).status_code == 403


def test_a_conflicted_member_learns_nothing_of_that_proposal_from_the_live_make_up(client, ranked):
    forum, _secretariat, proposals = ranked
    member = forum.roles.filter(role="mag").first().user
    ReviewConflict.objects.create(
        proposal=proposals[0], reviewer=member, source=ReviewConflict.Source.DECLARED
    )
    client.force_login(member)
    alone = _makeup(client, forum, [proposals[1].pk])
    with_conflict = _makeup(client, forum, [proposals[0].pk, proposals[1].pk])
    with_nothing = _makeup(client, forum, [proposals[1].pk, 99999999])
    assert alone.status_code == with_conflict.status_code == 200
    # Byte for byte the same answer as for a proposal that does not exist.
    assert with_conflict.content == alone.content == with_nothing.content
    assert with_conflict.json()["total"] == 1
    assert "African Group" not in with_conflict.content.decode()  # the conflicted one's region
    assert _makeup(client, forum, [proposals[0].pk]).json()["total"] == 0
    # Nor of one on their list they have not reviewed yet, while others' scores are hidden.
    newcomer = make_mag(forum, 1, prefix="new")[0]
    assign(proposals[3], newcomer)
    client.force_login(newcomer)
    assert _makeup(client, forum, [proposals[3].pk]).json()["total"] == 0
    assert _makeup(client, forum, [proposals[2].pk, proposals[3].pk]).json()["total"] == 1


def test_the_live_make_up_takes_the_same_queries_for_one_proposal_and_many(
    client, ranked, django_assert_num_queries
):
    forum, secretariat, proposals = ranked
    client.force_login(secretariat)
    _makeup(client, forum, [])  # warm the per-process caches (taxonomies, review settings)
    with django_assert_num_queries(QUERIES_MAKEUP):
        one = _makeup(client, forum, [proposals[0].pk])
    with django_assert_num_queries(QUERIES_MAKEUP):
        many = _makeup(client, forum, [p.pk for p in proposals])
    assert (one.json()["total"], many.json()["total"]) == (1, 4)
