"""What the review period allows: reviewers are assigned until it ends (also before it opens, to
prepare it), and reminded only while it is open. One place for both refusals, used by the desk's
views, the services and the beat task alike."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forum.models import Forum
from forum.timezones import zone_label
from sessions.models import ReviewSettings


def window_moment(forum: Forum, moment: dt.datetime) -> str:
    """A moment of the review period as the forum reads it, with its zone."""
    local = timezone.localtime(moment, forum.tzinfo)
    return f"{date_format(local, 'DATETIME_FORMAT')} {zone_label(forum.tzinfo, moment)}"


def assignment_refusal(config: ReviewSettings, forum: Forum, now: dt.datetime) -> str:
    """Why reviewers cannot be assigned now, or "" when they can."""
    if config.has_ended(now):
        return _(
            "The review period closed on %(date)s: reviewers can no longer be assigned. "
            "Reopen the review period first if more reviews are needed."
        ) % {"date": window_moment(forum, config.closes_at)}
    return ""


def reminder_refusal(config: ReviewSettings, forum: Forum, now: dt.datetime) -> str:
    """Why reviewers cannot be reminded now (they could not act on a reminder), or ""."""
    if config.has_ended(now):
        return _(
            "The review period closed on %(date)s: reviewers can no longer change their "
            "reviews, so no reminders are sent."
        ) % {"date": window_moment(forum, config.closes_at)}
    if not config.is_open(now):
        return _(
            "The review period opens on %(date)s: reviewers cannot review yet, so no reminders "
            "are sent."
        ) % {"date": window_moment(forum, config.opens_at)}
    return ""


def require_assignable(config: ReviewSettings, forum: Forum, now: dt.datetime) -> None:
    refusal = assignment_refusal(config, forum, now)
    if refusal:
        raise ValidationError(refusal, code="review_closed")


def require_remindable(config: ReviewSettings, forum: Forum, now: dt.datetime) -> None:
    refusal = reminder_refusal(config, forum, now)
    if refusal:
        raise ValidationError(refusal, code="review_closed")
