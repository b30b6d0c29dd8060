"""Automatic assignment: the solver's constraints on plain data, then the service on the database."""

from __future__ import annotations

import random
from collections import Counter, defaultdict

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sessions.models import Proposal, Review, ReviewAssignment, ReviewConflict, ReviewerTheme
from sessions.services import review as review_services
from sessions.services.assignment import AssignmentProblem, ProposalSlot, Reviewer, solve
from tests.factories import ThemeFactory, UserFactory
from tests.sessions.factories import ProposalPersonFactory
from tests.sessions.review_helpers import (
    NOW,
    make_forum,
    make_mag,
    make_proposals,
    make_secretariat,
    submit,
)


def _check(problem: AssignmentProblem, result) -> dict[int, list[int]]:
    by_proposal: dict[int, list[int]] = defaultdict(list)
    for p, r in set(result.pairs) | problem.existing:
        by_proposal[p].append(r)
    assert len(result.pairs) == len(set(result.pairs))
    assert not (set(result.pairs) & problem.conflicts)
    assert result.conflicts_violated == 0
    return by_proposal


def random_problem(seed: int, n_proposals: int, n_reviewers: int, conflict_rate: float):
    rng = random.Random(seed)
    reviewers = [Reviewer(id=r, group=r % 5) for r in range(n_reviewers)]
    proposals = [ProposalSlot(id=p, theme_id=p % 4) for p in range(n_proposals)]
    conflicts = {(p.id, r.id) for p in proposals for r in reviewers if rng.random() < conflict_rate}
    return AssignmentProblem(proposals=proposals, reviewers=reviewers, conflicts=conflicts)


@pytest.mark.parametrize(("seed", "n_proposals", "n_reviewers"), [(1, 50, 12), (2, 137, 23)])
def test_every_proposal_gets_k_reviewers_balanced_without_conflicts_and_two_groups(
    seed, n_proposals, n_reviewers
):
    problem = random_problem(seed, n_proposals, n_reviewers, conflict_rate=0.1)
    result = solve(problem)
    by_proposal = _check(problem, result)
    assert {len(v) for v in by_proposal.values()} == {3}
    assert len(by_proposal) == n_proposals
    loads = Counter(r for _, r in result.pairs)
    assert max(loads.values()) - min(loads.values()) <= 1
    assert result.load_spread <= 1
    assert sum(loads.values()) == 3 * n_proposals
    groups = {r.id: r.group for r in problem.reviewers}
    assert all(len({groups[r] for r in rs}) >= 2 for rs in by_proposal.values())
    assert result.single_group == []
    assert result.problems == []


def test_k_is_configurable():
    problem = random_problem(3, 30, 10, conflict_rate=0.0)
    problem.k = 5
    result = solve(problem)
    by_proposal = _check(problem, result)
    assert {len(v) for v in by_proposal.values()} == {5}
    assert result.loads == dict.fromkeys(range(10), 15)


def test_diversity_gives_way_only_where_the_pool_is_one_group_and_it_is_explained():
    # Proposal 1 conflicts with every reviewer of group "b": only group "a" can review it.
    reviewers = [Reviewer(id=i, group="a") for i in range(3)] + [
        Reviewer(id=i, group="b") for i in range(3, 6)
    ]
    problem = AssignmentProblem(
        proposals=[ProposalSlot(id=1), ProposalSlot(id=2)],
        reviewers=reviewers,
        k=2,
        conflicts={(1, 3), (1, 4), (1, 5)},
    )
    result = solve(problem)
    by_proposal = _check(problem, result)
    assert len(by_proposal[1]) == 2
    assert set(by_proposal[1]) <= {0, 1, 2}
    groups = {r.id: r.group for r in reviewers}
    assert len({groups[r] for r in by_proposal[2]}) == 2
    assert result.single_group == [1]
    assert result.problems == [
        "1 proposal(s) have reviewers from fewer than 2 stakeholder groups: the reviewers free of "
        "conflicts for them (and with load to spare) all come from the same group."
    ]


def test_too_few_reviewers_without_conflict_is_explained_and_the_rest_still_assigned():
    reviewers = [Reviewer(id=i, group=i % 2) for i in range(4)]
    problem = AssignmentProblem(
        proposals=[ProposalSlot(id=1), ProposalSlot(id=2)],
        reviewers=reviewers,
        k=3,
        conflicts={(1, 0), (1, 1)},
    )
    result = solve(problem)
    by_proposal = _check(problem, result)
    assert sorted(by_proposal[1]) == [2, 3]
    assert len(by_proposal[2]) == 3
    assert result.short == {1: 1}
    assert result.problems[0] == (
        "1 proposal(s) have fewer than 3 reviewers without a conflict of interest in a pool of 4: "
        "they get every one available."
    )


def test_keep_within_theme_uses_theme_groups_and_explains_the_overflow():
    reviewers = [
        Reviewer(id=1, group="a", theme_ids=frozenset({10})),
        Reviewer(id=2, group="b", theme_ids=frozenset({10})),
        Reviewer(id=3, group="a", theme_ids=frozenset({10})),
        Reviewer(id=4, group="b", theme_ids=frozenset({20})),
        Reviewer(id=5, group="a", theme_ids=frozenset({20})),
        Reviewer(id=6, group="b", theme_ids=frozenset({20})),
    ]
    proposals = [ProposalSlot(id=p, theme_id=10 if p <= 2 else 20) for p in range(1, 5)]
    problem = AssignmentProblem(
        proposals=proposals, reviewers=reviewers, k=3, keep_within_theme=True
    )
    result = solve(problem)
    theme = {p.id: p.theme_id for p in proposals}
    themes_of = {r.id: r.theme_ids for r in reviewers}
    assert all(theme[p] in themes_of[r] for p, r in result.pairs)
    assert result.out_of_theme == []
    # A third proposal in theme 10 is more than its three reviewers can take at a balanced load.
    proposals.append(ProposalSlot(id=5, theme_id=10))
    proposals.append(ProposalSlot(id=6, theme_id=10))
    result = solve(
        AssignmentProblem(proposals=proposals, reviewers=reviewers, k=3, keep_within_theme=True)
    )
    assert result.load_spread == 0
    assert len(result.out_of_theme) == 3
    assert result.problems == [
        "3 assignment(s) go to reviewers outside the proposal's theme group, in 1 theme(s): those "
        "groups have too few reviewers for their proposals."
    ]


def test_rerun_keeps_earlier_pairs_and_moves_few_after_a_conflict():
    problem = random_problem(5, 40, 12, conflict_rate=0.0)
    first = solve(problem)
    p, r = first.pairs[0]
    problem.preferred = set(first.pairs) - {(p, r)}
    problem.conflicts = {(p, r)}
    second = solve(problem)
    _check(problem, second)
    assert second.load_spread <= 1
    changed = set(second.pairs) ^ set(first.pairs)
    # The conflicted pair goes, a replacement comes, and load is rebalanced with a short chain.
    assert (p, r) in changed
    assert len(changed) <= 6


def test_no_reviewers_is_explained():
    result = solve(AssignmentProblem(proposals=[ProposalSlot(id=1)], reviewers=[]))
    assert result.pairs == []
    assert result.problems == ["There are no reviewers in the pool."]


# --- The service on the database ------------------------------------------------------------------


@pytest.mark.django_db
def test_assignment_run_assigns_eligible_proposals_only_and_records_conflicts():
    forum = make_forum()
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 8)
    eligible = make_proposals(forum, 10)
    make_proposals(forum, 2, eligibility=Proposal.Eligibility.INELIGIBLE)
    make_proposals(forum, 1, status=Proposal.Status.DRAFT)
    ProposalPersonFactory(proposal=eligible[0], email=mag[0].email.upper(), user=None)
    outcome = review_services.assignment_run(forum=forum, by=secretariat, now=NOW)
    assert outcome.created == 30
    assert outcome.new_conflicts == 1
    pairs = set(ReviewAssignment.objects.values_list("proposal_id", "reviewer_id"))
    assert {p for p, _ in pairs} == {p.pk for p in eligible}
    assert (eligible[0].pk, mag[0].pk) not in pairs
    loads = Counter(r for _, r in pairs)
    assert sorted(loads.values()) == [3, 3, 4, 4, 4, 4, 4, 4]
    assert outcome.result.problems == []
    # Running again changes nothing.
    again = review_services.assignment_run(forum=forum, by=secretariat, now=NOW)
    assert (again.created, again.removed) == (0, 0)


@pytest.mark.django_db
def test_only_the_secretariat_runs_the_assignment():
    forum = make_forum()
    mag = make_mag(forum, 3)
    with pytest.raises(PermissionDenied):
        review_services.assignment_run(forum=forum, by=mag[0])
    assert ReviewAssignment.objects.count() == 0


@pytest.mark.django_db
def test_started_reviews_and_manual_assignments_are_kept():
    forum = make_forum()
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 6)
    proposals = make_proposals(forum, 4)
    review_services.assignment_add(proposal=proposals[0], reviewer=mag[5], by=secretariat)
    review_services.assignment_run(forum=forum, by=secretariat, now=NOW)
    assert ReviewAssignment.objects.filter(proposal=proposals[0], reviewer=mag[5]).exists()
    reviewer = ReviewAssignment.objects.filter(proposal=proposals[1]).first().reviewer
    submit(proposals[1], reviewer, 4)
    # More reviewers arrive: the solver may move unstarted work but never the started review.
    make_mag(forum, 6, prefix="late")
    review_services.assignment_run(forum=forum, by=secretariat, now=NOW)
    assert ReviewAssignment.objects.filter(proposal=proposals[1], reviewer=reviewer).exists()
    assert ReviewAssignment.objects.filter(proposal=proposals[0], reviewer=mag[5]).exists()
    assert Counter(ReviewAssignment.objects.values_list("proposal_id", flat=True)) == {
        p.pk: 3 for p in proposals
    }


@pytest.mark.django_db
def test_keep_within_theme_from_the_settings():
    forum = make_forum()
    secretariat = make_secretariat(forum)
    theme_a, theme_b = ThemeFactory(forum=forum), ThemeFactory(forum=forum)
    mag = make_mag(forum, 6)
    for i, member in enumerate(mag):
        ReviewerTheme.objects.create(
            forum=forum, reviewer=member, theme=theme_a if i < 3 else theme_b
        )
    forum.review_settings.keep_within_theme = True
    forum.review_settings.save()
    a = make_proposals(forum, 2, theme=theme_a)
    b = make_proposals(forum, 2, theme=theme_b)
    review_services.assignment_run(forum=forum, by=secretariat, now=NOW)
    for proposal, members in ((a[0], mag[:3]), (a[1], mag[:3]), (b[0], mag[3:]), (b[1], mag[3:])):
        assert set(
            ReviewAssignment.objects.filter(proposal=proposal).values_list("reviewer_id", flat=True)
        ) == {m.pk for m in members}


@pytest.mark.django_db
def test_manual_changes_refuse_conflicts_strangers_and_submitted_reviews():
    forum = make_forum()
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 3)
    proposal = make_proposals(forum, 1)[0]
    outsider = UserFactory()
    ReviewConflict.objects.create(proposal=proposal, reviewer=mag[0], source="declared", reason="x")
    with pytest.raises(ValidationError, match="conflict of interest"):
        review_services.assignment_add(proposal=proposal, reviewer=mag[0], by=secretariat)
    with pytest.raises(ValidationError, match="not a MAG member"):
        review_services.assignment_add(proposal=proposal, reviewer=outsider, by=secretariat)
    with pytest.raises(PermissionDenied):
        review_services.assignment_add(proposal=proposal, reviewer=mag[1], by=mag[2])
    # A conflict not recorded yet (same organisation) is found at the moment of the change.
    mag[2].organisation = proposal.created_by.organisation.upper()
    mag[2].save()
    with pytest.raises(ValidationError, match="conflict of interest"):
        review_services.assignment_add(proposal=proposal, reviewer=mag[2], by=secretariat)
    assert ReviewConflict.objects.filter(proposal=proposal, reviewer=mag[2]).exists()
    review_services.assignment_add(proposal=proposal, reviewer=mag[1], by=secretariat)
    with pytest.raises(ValidationError, match="already reviews"):
        review_services.assignment_add(proposal=proposal, reviewer=mag[1], by=secretariat)
    submit(proposal, mag[1], 4)
    with pytest.raises(ValidationError, match="has submitted a review"):
        review_services.assignment_remove(proposal=proposal, reviewer=mag[1], by=secretariat)
    assert Review.objects.filter(proposal=proposal, reviewer=mag[1]).count() == 1
    assert ReviewAssignment.objects.filter(proposal=proposal).count() == 1


def test_an_unavoidable_load_spread_is_explained():
    # Reviewer 0 has a conflict with every proposal: the others carry the load.
    reviewers = [Reviewer(id=i, group=i % 2) for i in range(3)]
    proposals = [ProposalSlot(id=p) for p in range(4)]
    problem = AssignmentProblem(
        proposals=proposals,
        reviewers=reviewers,
        k=1,
        min_groups=1,
        conflicts={(p.id, 0) for p in proposals},
    )
    result = solve(problem)
    _check(problem, result)
    assert result.loads == {0: 0, 1: 2, 2: 2}
    assert result.load_spread == 2
    assert result.short == {}
    assert result.problems == [
        "Loads differ by 2 (most 2, least 0): conflicts or earlier assignments leave some "
        "reviewers without enough proposals they may review."
    ]


@pytest.mark.django_db
def test_setup_defaults_leave_the_secretariat_changes_alone():
    forum = make_forum()
    criterion = forum.review_criteria.first()
    criterion.name = "Our own criterion"
    criterion.save()
    forum.review_settings.reviewers_per_proposal = 4
    forum.review_settings.save()
    forum.notification_templates.filter(outcome="reject").update(subject="Custom {title}")
    review_services.review_setup_defaults(forum=forum)
    forum.review_settings.refresh_from_db()
    assert forum.review_settings.reviewers_per_proposal == 4
    assert forum.review_criteria.count() == 4
    assert forum.review_criteria.first().name == "Our own criterion"
    assert forum.notification_templates.get(outcome="reject").subject == "Custom {title}"
    assert forum.notification_templates.count() == 5


@pytest.mark.django_db(transaction=True)
@pytest.mark.services
def test_two_simultaneous_runs_make_one_set_of_assignments():
    import threading

    from django.db import connection

    forum = make_forum()
    secretariat = make_secretariat(forum)
    make_mag(forum, 6)
    make_proposals(forum, 8)
    errors = []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            review_services.assignment_run(forum=forum, by=secretariat, now=NOW)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Counter(ReviewAssignment.objects.values_list("proposal_id", flat=True)) == dict.fromkeys(
        Proposal.objects.values_list("pk", flat=True), 3
    )
