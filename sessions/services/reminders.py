"""Reminders to reviewers with pending reviews, by the secretariat or by beat."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from forum.mail import mail_queue
from forum.models import Forum, User
from sessions.models import (
    Review,
    ReviewAssignment,
    ReviewReminder,
    ReviewSettings,
)
from sessions.rules import review as review_rules
from sessions.selectors.review import eligible_proposals, review_settings_of
from sessions.services.decision_notices import site_root
from sessions.services.review_setup import (
    now_or_default,
    require,
    review_lock,
)
from sessions.services.review_window import require_remindable, window_moment


def pending_by_reviewer(forum: Forum) -> dict[int, int]:
    """Reviewer id -> assigned proposals not yet reviewed (submitted)."""
    rows = (
        ReviewAssignment.objects.filter(proposal__in=eligible_proposals(forum))
        .exclude(
            Exists(
                Review.objects.filter(
                    proposal=OuterRef("proposal"),
                    reviewer=OuterRef("reviewer"),
                    status=Review.Status.SUBMITTED,
                )
            )
        )
        .values("reviewer_id")
        .annotate(n=Count("pk"))
    )
    return {row["reviewer_id"]: row["n"] for row in rows}


@transaction.atomic
def reminders_send(
    *,
    forum: Forum,
    by: User | None = None,
    now: dt.datetime | None = None,
    reviewer_ids: list[int] | None = None,
    site_url: str = "",
) -> int:
    """Mail each reviewer with pending reviews (through the outbox), only while the review
    period is open: a reminder outside it would send reviewers to a read-only list. Sent by the
    secretariat (``by``; refused with ValidationError outside the period), or by beat
    (``by=None``; nothing outside it) at most once per ``reminder_interval_days``. Returns how
    many reminders were queued."""
    now = now_or_default(now)
    if by is not None:
        require(review_rules.can_manage_review, by, forum, _("Only the secretariat reminds."))
    config = review_settings_of(forum)
    if by is None and not (config.pk and config.is_open(now)):
        return 0
    require_remindable(config, forum, now)
    review_lock(forum)
    # Re-read under the lock: the period may have been changed while this waited for it.
    config = review_settings_of(forum)
    if by is None and not config.is_open(now):
        return 0
    require_remindable(config, forum, now)
    pending = pending_by_reviewer(forum)
    if reviewer_ids is not None:
        pending = {r: n for r, n in pending.items() if r in set(reviewer_ids)}
    if by is None:
        cutoff = now - dt.timedelta(days=config.reminder_interval_days)
        recent = set(
            ReviewReminder.objects.filter(forum=forum, sent_at__gt=cutoff).values_list(
                "reviewer_id", flat=True
            )
        )
        pending = {r: n for r, n in pending.items() if r not in recent}
    link = site_root(site_url) + reverse("review_queue", kwargs={"slug": forum.slug})
    closes = (
        _(" The review period closes on %(date)s.")
        % {"date": window_moment(forum, config.closes_at)}
        if config.closes_at
        else ""
    )
    sent = 0
    for reviewer in User.objects.filter(pk__in=pending).order_by("pk"):
        count = pending[reviewer.pk]
        mail_queue(
            to=reviewer.email,
            forum=forum,
            subject=_("%(forum)s: %(count)s proposal(s) wait for your review")
            % {"forum": forum.name, "count": count},
            body=_(
                "Dear %(name)s,\n\n%(count)s proposal(s) on your review list for %(forum)s have no "
                "submitted review from you yet.%(closes)s\n\nYour list: %(link)s\n"
            )
            % {
                "name": reviewer.name,
                "count": count,
                "forum": forum.name,
                "closes": closes,
                "link": link,
            },
        )
        ReviewReminder.objects.create(forum=forum, reviewer=reviewer, pending=count, sent_at=now)
        sent += 1
    return sent


def reminders_send_all(*, now: dt.datetime | None = None) -> int:
    """Beat: remind the reviewers of every forum whose review window is open."""
    now = now_or_default(now)
    total = 0
    open_forums = ReviewSettings.objects.filter(
        Q(opens_at__isnull=True) | Q(opens_at__lte=now),
        Q(closes_at__isnull=True) | Q(closes_at__gt=now),
    ).select_related("forum")
    for config in open_forums:
        total += reminders_send(forum=config.forum, now=now)
    return total
