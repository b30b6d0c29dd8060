"""The review pages: forms post through the services, errors are shown next to their fields,
user text is escaped, lists keep a flat query count, reminders go through the outbox."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from forum.models import QueuedMail
from sessions.models import (
    Decision,
    Proposal,
    Review,
    ReviewAssignment,
    ReviewConflict,
    ReviewReminder,
)
from sessions.services import review as review_services
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
XSS = '<script>alert("x")</script>'


def login(client, user):
    assert client.login(username=user.email, password=PASSWORD)


def test_reviewer_saves_a_draft_then_submits_with_errors_shown_first(client):
    forum = make_forum()
    mag = make_mag(forum, 1)
    proposal = make_proposals(forum, 1, title=f"Title {XSS}")[0]
    assign(proposal, mag[0])
    login(client, mag[0])
    url = reverse("review_proposal", args=[forum.slug, proposal.pk])
    page = client.get(url)
    body = page.content.decode()
    assert XSS not in body
    assert "Title &lt;script&gt;" in body
    criteria = list(forum.review_criteria.all())
    data = {f"score_{c.pk}": "4" for c in criteria}
    data[f"score_{criteria[0].pk}"] = "2"
    data.update(action="submit", comment_to_organizers=XSS)
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "A score of 2 needs a reason: choose one from the list." in body
    assert 'aria-invalid="true"' in body
    assert XSS not in body  # the typed comment comes back escaped
    assert Review.objects.count() == 0
    reason = forum.low_score_reasons.first()
    data.update(
        {f"reason_{criteria[0].pk}": str(reason.pk), f"reason_text_{criteria[0].pk}": "Weak"}
    )
    data["action"] = "draft"
    assert client.post(url, data).status_code == 302
    assert Review.objects.get().status == "draft"
    data["action"] = "submit"
    assert client.post(url, data).status_code == 302
    review = Review.objects.get()
    assert (review.status, review.comment_to_organizers) == ("submitted", XSS)
    assert review.total == pytest.approx(3.5)
    queue = client.get(reverse("review_queue", args=[forum.slug])).content.decode()
    assert "1 of 1 review submitted" in queue
    assert XSS not in queue


def test_declaring_a_conflict_from_the_page(client):
    forum = make_forum()
    make_secretariat(forum)
    mag = make_mag(forum, 5)
    proposal = make_proposals(forum, 1)[0]
    for reviewer in mag[:3]:
        assign(proposal, reviewer)
    login(client, mag[0])
    url = reverse("review_conflict", args=[forum.slug, proposal.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = client.post(url, {"reason": "I co-wrote it"})
    assert response.status_code == 302
    assert ReviewConflict.objects.get().reason == "I co-wrote it"
    assert ReviewAssignment.objects.filter(proposal=proposal).count() == 3
    assert not ReviewAssignment.objects.filter(reviewer=mag[0]).exists()


def test_secretariat_runs_the_assignment_and_sees_the_report(client):
    forum = make_forum()
    secretariat = make_secretariat(forum)
    make_mag(forum, 2)
    make_proposals(forum, 2)
    login(client, secretariat)
    response = client.post(reverse("review_assign", args=[forum.slug]), follow=True)
    body = response.content.decode()
    assert "Load per reviewer: 2 to 2 (spread 0)." in body
    assert "Conflicts violated: 0." in body
    # Two reviewers for k=3: explained, not hidden.
    assert "2 proposal(s) have fewer than 3 reviewers without a conflict of interest" in body
    assert body.count("1 reviewer missing") == 2
    for proposal in Proposal.objects.filter(forum=forum):
        assert reverse("review_manage_proposal", args=[forum.slug, proposal.pk]) in body
    assert ReviewAssignment.objects.count() == 4
    settings_url = reverse("admin:programme_reviewsettings_change", args=[forum.review_settings.pk])
    assert settings_url in body
    assert client.get(settings_url).status_code == 200


def test_manual_add_and_remove_from_the_proposal_page(client):
    forum = make_forum()
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 2)
    proposal = make_proposals(forum, 1)[0]
    login(client, secretariat)
    url = reverse("review_manage_proposal", args=[forum.slug, proposal.pk])
    assert client.post(url, {"action": "add", "add-reviewer": mag[0].pk}).status_code == 302
    assignment = ReviewAssignment.objects.get()
    assert (assignment.reviewer, assignment.assigned_by) == (mag[0], secretariat)
    submit(proposal, mag[0], 4)
    response = client.post(url, {"action": "remove", "reviewer": mag[0].pk})
    assert response.status_code == 400
    assert "has submitted a review of this proposal" in response.content.decode()
    assert ReviewAssignment.objects.count() == 1


def test_decision_from_the_proposal_page_with_errors_next_to_fields(client):
    forum = make_forum()
    secretariat = make_secretariat(forum)
    proposal = make_proposals(forum, 1)[0]
    login(client, secretariat)
    url = reverse("review_manage_proposal", args=[forum.slug, proposal.pk])
    response = client.post(
        url, {"action": "decide", "decide-outcome": "accept_conditions", "decide-reason": "ok"}
    )
    assert response.status_code == 400
    assert "State the conditions the organizers must accept." in response.content.decode()
    response = client.post(
        url,
        {
            "action": "decide",
            "decide-outcome": "accept_conditions",
            "decide-reason": "ok",
            "decide-conditions": "Add a youth speaker",
            # Nobody reviewed it: the page asks for this tick (see test_decisions_unreviewed).
            "decide-confirm_unreviewed": "on",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Accept with conditions" in page
    assert Decision.objects.get().conditions == "Add a youth speaker"


def test_notifications_page_previews_then_sends(client):
    forum = make_forum()
    secretariat = make_secretariat(forum)
    proposal = make_proposals(forum, 1, title=f"T {XSS}")[0]
    from sessions.services.decisions import decision_record

    decision = decision_record(
        proposal=proposal, outcome="reject", by=secretariat, reason="x", confirm_unreviewed=True
    )
    login(client, secretariat)
    url = reverse("review_notifications", args=[forum.slug])
    body = client.get(url).content.decode()
    assert f"to {proposal.created_by.email}" in body
    assert "Thank you for proposing “T &lt;script&gt;" in body
    assert body.count('data-testid="preview"') == 1
    assert body.count('data-testid="preview-sample"') == 4
    assert "on these conditions:\n(the conditions)" in body
    assert XSS not in body
    response = client.post(
        url, {"outcome": "reject", "reject-subject": "{nope}", "reject-body": "b"}
    )
    assert response.status_code == 400
    assert "Unknown placeholder(s): {nope}" in response.content.decode()
    send = reverse("review_notifications_send", args=[forum.slug])
    client.post(send, {"decision": [decision.pk]})
    mail = QueuedMail.objects.get(to=proposal.created_by.email)
    assert f"http://testserver/forums/{forum.slug}/proposals/{proposal.pk}/outcome/" in mail.body
    decision.refresh_from_db()
    assert decision.notified_at is not None


def test_reminders_from_the_desk_and_from_beat(client):
    forum = make_forum()
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 3)
    proposal = make_proposals(forum, 1)[0]
    for reviewer in mag:
        assign(proposal, reviewer)
    submit(proposal, mag[0], 4)
    login(client, secretariat)
    client.post(reverse("review_remind", args=[forum.slug]))
    assert sorted(QueuedMail.objects.values_list("to", flat=True)) == sorted(
        [mag[1].email, mag[2].email]
    )
    mail = QueuedMail.objects.get(to=mag[1].email)
    assert mail.subject == f"{forum.name}: 1 proposal(s) wait for your review"
    assert f"http://testserver/forums/{forum.slug}/review/" in mail.body
    # Beat respects the interval since the last reminder...
    assert review_services.reminders_send_all(now=ReviewReminder.objects.first().sent_at) == 0
    # ...and the window: closed forums get none.
    later = ReviewReminder.objects.first().sent_at + dt.timedelta(days=4)
    assert review_services.reminders_send_all(now=later) == 2
    forum.review_settings.closes_at = later
    forum.review_settings.opens_at = later - dt.timedelta(days=30)
    forum.review_settings.save()
    assert review_services.reminders_send_all(now=later + dt.timedelta(days=10)) == 0


def test_the_beat_task_is_registered_and_scheduled(settings):
    from forum.celery import app
    from sessions.tasks.review import send_review_reminders

    app.loader.import_default_modules()
    assert "sessions.tasks.review.send_review_reminders" in app.tasks
    assert settings.CELERY_BEAT_SCHEDULE["review-reminders"]["task"] == send_review_reminders.name


@pytest.mark.parametrize("extra", [0, 7])
def test_queue_board_and_desk_keep_a_flat_query_count(client, django_assert_num_queries, extra):
    forum = make_forum()
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 3)
    proposals = make_proposals(forum, 1 + extra)
    for proposal in proposals:
        for reviewer in mag:
            assign(proposal, reviewer)
            submit(proposal, reviewer, 4, now=NOW)
    login(client, mag[0])
    client.get(reverse("review_queue", args=[forum.slug]))  # warm the session
    with django_assert_num_queries(9):
        assert client.get(reverse("review_queue", args=[forum.slug])).status_code == 200
    client.logout()
    login(client, secretariat)
    client.get(reverse("review_manage", args=[forum.slug]))
    with django_assert_num_queries(12):
        assert client.get(reverse("review_manage", args=[forum.slug])).status_code == 200
    with django_assert_num_queries(18):
        response = client.get(reverse("review_board", args=[forum.slug]) + "?slots=1")
    assert response.status_code == 200


def test_the_forum_page_links_each_role_to_its_review_pages(client):
    forum = make_forum()
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 1)
    forum_url = reverse("forum_detail", args=[forum.slug])
    login(client, mag[0])
    body = client.get(forum_url).content.decode()
    assert reverse("review_queue", args=[forum.slug]) in body
    assert reverse("review_board", args=[forum.slug]) in body
    assert reverse("review_manage", args=[forum.slug]) not in body
    client.logout()
    login(client, secretariat)
    body = client.get(forum_url).content.decode()
    assert reverse("review_manage", args=[forum.slug]) in body
    assert reverse("review_notifications", args=[forum.slug]) in body
    client.logout()
    assert reverse("review_board", args=[forum.slug]) not in client.get(forum_url).content.decode()


def test_organizers_list_their_proposals_with_announced_decisions(
    client, django_assert_num_queries
):
    from sessions.services.decision_notices import notifications_send
    from sessions.services.decisions import decision_record

    forum = make_forum()
    secretariat = make_secretariat(forum)
    mine, pending, theirs = make_proposals(forum, 3)
    organizer = mine.created_by
    from sessions.models import ProposalOrganizer

    ProposalOrganizer.objects.create(proposal=pending, name="Me", email=organizer.email.upper())
    decision_record(
        proposal=mine, outcome="accept", by=secretariat, reason="ok", confirm_unreviewed=True
    )
    notifications_send(forum=forum, by=secretariat)
    decision_record(
        proposal=pending,
        outcome="reject",
        by=secretariat,
        reason="not announced",
        confirm_unreviewed=True,
    )
    login(client, organizer)
    url = reverse("proposal_outcomes", args=[forum.slug])
    client.get(url)
    with django_assert_num_queries(8):
        page = client.get(url)
    rows = page.context["proposals"]
    assert [(p.pk, [d.outcome for d in p.announced]) for p in rows] == sorted(
        [(mine.pk, ["accept"]), (pending.pk, [])],
        key=lambda r: next(p.title for p in (mine, pending) if p.pk == r[0]),
    )
    assert theirs.title not in page.content.decode()


@pytest.mark.parametrize("extra", [0, 6])
def test_notifications_page_keeps_a_flat_query_count(client, django_assert_num_queries, extra):
    from sessions.services.decisions import decision_record

    forum = make_forum()
    secretariat = make_secretariat(forum)
    for proposal in make_proposals(forum, 1 + extra):
        decision_record(
            proposal=proposal, outcome="reject", by=secretariat, reason="x", confirm_unreviewed=True
        )
    conflicted = make_proposals(forum, 1)[0]
    decision_record(
        proposal=conflicted, outcome="accept", by=secretariat, reason="x", confirm_unreviewed=True
    )
    ReviewConflict.objects.create(proposal=conflicted, reviewer=secretariat, source="declared")
    login(client, secretariat)
    url = reverse("review_notifications", args=[forum.slug])
    client.get(url)
    with django_assert_num_queries(15):
        page = client.get(url)
    assert len(page.context["pending"]) == 1 + extra
    assert conflicted.title not in page.content.decode()


def test_outside_the_window_the_form_is_read_only_and_posts_are_refused(client):
    forum = make_forum()
    mag = make_mag(forum, 1)
    proposal = make_proposals(forum, 1)[0]
    assign(proposal, mag[0])
    forum.review_settings.opens_at = NOW - dt.timedelta(days=20)
    forum.review_settings.closes_at = NOW - dt.timedelta(days=10)
    forum.review_settings.save()
    login(client, mag[0])
    url = reverse("review_proposal", args=[forum.slug, proposal.pk])
    body = client.get(url).content.decode()
    assert "The review period is closed" in body
    assert "Submit review" not in body
    assert body.count("disabled") == 6  # four criteria and two comment boxes
    data = {f"score_{c.pk}": "5" for c in forum.review_criteria.all()}
    response = client.post(url, {**data, "action": "submit"})
    assert response.status_code == 400
    assert Review.objects.count() == 0
