"""Bookmarks ("My schedule") and the secret address of a person's calendar feed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from sessions.models import Bookmark, CalendarFeed, Session
from sessions.models.programme import new_feed_token
from sessions.rules.public_programme import can_bookmark_session


def bookmark_set(*, session: Session, by, on: bool) -> bool:
    """Add ``session`` to (``on``) or remove it from ``by``'s schedule; returns whether it is
    bookmarked afterwards. Idempotent: a second add or remove changes nothing."""
    if not can_bookmark_session.test(by, session):
        raise PermissionDenied
    if not on:
        Bookmark.objects.filter(user=by, session=session).delete()
        return False
    try:
        with transaction.atomic():
            Bookmark.objects.get_or_create(user=by, session=session)
    except IntegrityError:  # a concurrent double click made it first
        pass
    return True


def calendar_feed_for(*, user) -> CalendarFeed:
    """The person's feed, made on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    feed = calendar_feed_for(user=user)
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    return feed
