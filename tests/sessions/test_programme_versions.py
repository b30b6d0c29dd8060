"""Publishing the draft: numbered versions with their changelog, the published fields the public
side reads (room, times, cancelled, sequence), the mails about moved and cancelled sessions, and
the forum's phase that follows what exists."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from forum.models import ForumPhase, QueuedMail
from sessions.models import Bookmark, ProgrammeVersion, ProposalPerson
from sessions.services import programme_draft
from sessions.services.programme_publish import programme_publish
from tests.factories import ForumPhaseFactory, UserFactory
from tests.sessions.desk_helpers import (
    local,
    make_forum,
    make_rooms,
    make_secretariat,
    make_session,
)
from tests.sessions.factories import ProposalPersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    forum = make_forum()
    small, hall = make_rooms(forum)
    sec = make_secretariat(forum)
    moving = make_session(forum, title="Connectivity", speaker_email="amina@example.org")
    ProposalPersonFactory(
        proposal=moving.proposal,
        role=ProposalPerson.Role.ONLINE_MODERATOR,
        email="kofi@example.org",
        name="Kofi",
    )
    staying = make_session(forum, title="AI governance", speaker_email="leila@example.org")
    dropped = make_session(forum, title="Data flows", speaker_email="omar@example.org")
    programme_draft.draft_place(session=moving, room=small, starts_at=local(forum, 0, 9), by=sec)
    programme_draft.draft_place(session=staying, room=hall, starts_at=local(forum, 0, 9), by=sec)
    programme_draft.draft_place(session=dropped, room=small, starts_at=local(forum, 0, 11), by=sec)
    return forum, small, hall, sec, moving, staying, dropped


def test_the_first_version_publishes_the_draft(programme):
    forum, small, hall, sec, moving, staying, dropped = programme
    version = programme_publish(forum=forum, by=sec, note="Welcome")
    assert version.number == 1
    assert version.changelog == {
        "added": [moving.pk, staying.pk, dropped.pk],
        "moved": [],
        "cancelled": [],
    }
    moving.refresh_from_db()
    assert (moving.room, moving.starts_at, moving.sequence) == (small, local(forum, 0, 9), 0)
    assert version.snapshot[0] == {
        "id": moving.pk,
        "guid": str(moving.guid),
        "title": "Connectivity",
        "room": small.pk,
        "starts_at": "2030-12-02T08:00:00+00:00",  # stored in UTC
        "ends_at": "2030-12-02T09:00:00+00:00",
        "cancelled": False,
    }
    assert QueuedMail.objects.filter(forum=forum).count() == 0  # nothing moved yet


def test_a_second_version_moves_and_cancels_and_tells_the_people(programme):
    forum, small, hall, sec, moving, staying, dropped = programme
    programme_publish(forum=forum, by=sec)
    fan, stranger = UserFactory(email="fan@example.org"), UserFactory()
    Bookmark.objects.create(user=fan, session=moving)
    Bookmark.objects.create(user=stranger, session=staying)
    programme_draft.draft_place(session=moving, room=hall, starts_at=local(forum, 0, 11), by=sec)
    programme_draft.draft_cancel(session=dropped, cancelled=True, by=sec)
    guid = moving.guid
    version = programme_publish(forum=forum, by=sec)
    assert version.number == 2
    assert version.changelog == {"added": [], "moved": [moving.pk], "cancelled": [dropped.pk]}
    assert ProgrammeVersion.objects.filter(forum=forum).order_by("-number").first() == version
    moving.refresh_from_db()
    dropped.refresh_from_db()
    staying.refresh_from_db()
    assert (moving.room, moving.starts_at, moving.sequence, moving.guid) == (
        hall,
        local(forum, 0, 11),
        1,
        guid,
    )
    # A cancelled session stays in the programme where it was, marked cancelled.
    assert (dropped.is_cancelled, dropped.starts_at, dropped.sequence) == (
        True,
        local(forum, 0, 11),
        1,
    )
    assert [r["cancelled"] for r in version.snapshot if r["id"] == dropped.pk] == [True]
    assert staying.sequence == 0
    mails = {m.to: m for m in QueuedMail.objects.filter(forum=forum)}
    organizers = {
        moving.proposal.created_by.email.lower(),
        dropped.proposal.created_by.email.lower(),
    }
    assert (
        set(mails)
        == {"amina@example.org", "kofi@example.org", "fan@example.org", "omar@example.org"}
        | organizers
    )
    body = mails["fan@example.org"].body
    assert "“Connectivity” moved: it is now on" in body and "11:00–12:00 CET in Main Hall" in body
    assert "http://" in body or "https://" in body
    assert f"/forums/{forum.slug}/sessions/{moving.pk}/" in body
    assert "“Data flows” is cancelled." in mails["omar@example.org"].body


def test_only_the_secretariat_publishes(client, programme):
    forum, small, hall, sec, *_rest = programme
    with pytest.raises(PermissionDenied):
        programme_publish(forum=forum, by=UserFactory())
    client.force_login(sec)
    response = client.post(reverse("schedule_versions", kwargs={"slug": forum.slug}), {"note": ""})
    assert response.status_code == 302
    assert forum.programme_versions.get().number == 1
    client.force_login(UserFactory())
    response = client.post(reverse("schedule_versions", kwargs={"slug": forum.slug}), {"note": ""})
    assert response.status_code == 404
    assert forum.programme_versions.count() == 1


def test_the_programme_phase_is_current_only_once_a_version_exists(client, programme):
    forum, _small, _hall, sec, *_rest = programme
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate(timezone=forum.tzinfo)
    ForumPhaseFactory(
        forum=forum,
        kind=ForumPhase.Kind.PROGRAMME,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=1),
    )
    url = reverse("forum_detail", kwargs={"slug": forum.slug})
    assert 'class="badge current"' not in client.get(url).text
    programme_publish(forum=forum, by=sec)
    assert 'class="badge current"' in client.get(url).text
