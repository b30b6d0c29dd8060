"""The review desk outside the review period: no assignment once it is over, no reminder unless it
is open, from the desk, the services and the beat task alike, each with a clear message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from forum.models import QueuedMail
from sessions.models import ReviewAssignment, ReviewReminder
from sessions.services import review as review_services
from sessions.tasks.review import send_review_reminders
from tests.factories import PASSWORD
from tests.sessions.review_helpers import (
    assign,
    make_forum,
    make_mag,
    make_proposals,
    make_secretariat,
)

pytestmark = pytest.mark.django_db


def _window(forum, opens: dt.datetime, closes: dt.datetime) -> None:
    config = forum.review_settings
    config.opens_at, config.closes_at = opens, closes
    config.save()


@pytest.fixture
def closed():
    """A forum whose review period ended yesterday, with work left undone."""
    forum = make_forum(timezone="Europe/Warsaw")
    secretariat = make_secretariat(forum)
    mag = make_mag(forum, 3)
    proposals = make_proposals(forum, 2)
    assign(proposals[0], mag[0])
    now = timezone.now()
    _window(forum, now - dt.timedelta(days=20), now - dt.timedelta(days=1))
    return forum, secretariat, mag, proposals


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_desk_refuses_to_assign_or_remind_after_the_review_period(client, closed):
    forum, secretariat, mag, proposals = closed
    assert client.login(username=secretariat.email, password=PASSWORD)
    desk = client.get(reverse("review_manage", args=[forum.slug])).content.decode()
    assert 'data-testid="assign-closed"' in desk
    assert 'data-testid="remind-closed"' in desk
    assert "reviewers can no longer be assigned" in desk
    response = client.post(reverse("review_assign", args=[forum.slug]), follow=True)
    [message] = _messages(response)
    assert message.startswith("The review period closed on ")
    assert "Europe/Warsaw" in message
    assert message.endswith(
        "reviewers can no longer be assigned. Reopen the review period first if more reviews "
        "are needed."
    )
    assert ReviewAssignment.objects.count() == 1
    response = client.post(reverse("review_remind", args=[forum.slug]), follow=True)
    [message] = _messages(response)
    assert "reviewers can no longer change their reviews, so no reminders are sent." in message
    assert QueuedMail.objects.count() == 0
    # A hand-made assignment is refused too, next to the form.
    url = reverse("review_manage_proposal", args=[forum.slug, proposals[1].pk])
    response = client.post(url, {"action": "add", "add-reviewer": mag[1].pk})
    assert response.status_code == 400
    assert "reviewers can no longer be assigned" in response.content.decode()
    assert ReviewAssignment.objects.count() == 1


def test_the_services_refuse_outside_the_period(closed):
    forum, secretariat, mag, proposals = closed
    with pytest.raises(ValidationError, match="reviewers can no longer be assigned"):
        review_services.assignment_run(forum=forum, by=secretariat)
    with pytest.raises(ValidationError, match="reviewers can no longer be assigned"):
        review_services.assignment_add(proposal=proposals[1], reviewer=mag[1], by=secretariat)
    with pytest.raises(ValidationError, match="so no reminders are sent"):
        review_services.reminders_send(forum=forum, by=secretariat)
    # Before the period opens, reviewers are assigned (the desk prepares it) but not reminded.
    now = timezone.now()
    _window(forum, now + dt.timedelta(days=2), now + dt.timedelta(days=30))
    with pytest.raises(ValidationError, match="The review period opens on .*reviewers cannot"):
        review_services.reminders_send(forum=forum, by=secretariat)
    outcome = review_services.assignment_run(forum=forum, by=secretariat)
    assert outcome.created == 5
    assert QueuedMail.objects.count() == 0
    # Open: both work.
    _window(forum, now - dt.timedelta(days=1), now + dt.timedelta(days=30))
    assert review_services.reminders_send(forum=forum, by=secretariat) == 3


def test_a_conflict_declared_after_the_period_is_not_reassigned(client, closed):
    forum, _secretariat, mag, proposals = closed
    assert client.login(username=mag[0].email, password=PASSWORD)
    response = client.post(
        reverse("review_conflict", args=[forum.slug, proposals[0].pk]),
        {"reason": "I advise an organizer."},
        follow=True,
    )
    assert _messages(response) == [f"Conflict recorded: “{proposals[0].title}” has left your list."]
    assert ReviewAssignment.objects.count() == 0


def test_the_beat_task_reminds_only_forums_whose_period_is_open(closed):
    forum, _secretariat, mag, proposals = closed
    open_forum = make_forum()
    open_mag = make_mag(open_forum, 1, prefix="open")
    assign(make_proposals(open_forum, 1)[0], open_mag[0])
    now = timezone.now()
    _window(open_forum, now - dt.timedelta(days=1), now + dt.timedelta(days=10))
    assert send_review_reminders.apply().get() == 1
    # The open forum's reviewer is the positive marker: the closed forum's got nothing.
    assert list(QueuedMail.objects.values_list("to", flat=True)) == [open_mag[0].email]
    assert list(ReviewReminder.objects.values_list("forum_id", flat=True)) == [open_forum.pk]
    # Nor does a forum whose period has not opened yet.
    _window(forum, now + dt.timedelta(days=1), now + dt.timedelta(days=10))
    ReviewReminder.objects.all().delete()
    assert send_review_reminders.apply().get() == 1
    assert QueuedMail.objects.filter(to=mag[0].email).count() == 0
