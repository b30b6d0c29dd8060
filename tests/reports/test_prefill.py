import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from registration.models import CheckIn
from remote_hubs.models import HubAttendance, LiveRoom, Question, QuestionVote
from remote_hubs.services import live
from remote_hubs.services.live.base import live_room_for
from remote_hubs.services.live.presence_batch import presence_apply
from reports.models import SessionReport
from reports.services.prefill import facts_checkins, facts_hubs, facts_questions, facts_session
from reports.tasks import prefill_report
from sessions.models import Bookmark
from tests.factories import UserFactory
from tests.remote_hubs.factories import HubFactory, RegistrationFactory
from tests.reports.helpers import reported_session
from transcripts.services.editing import transcript_publish
from transcripts.services.imports import transcript_import

pytestmark = pytest.mark.django_db


def test_session_facts_name_the_speakers():
    case = reported_session()
    facts = facts_session(case.session)
    assert facts["title"] == case.session.title
    assert any(p["name"] == "Rita Rapporteur" for p in facts["people"])


def test_checkins_offer_those_who_planned_the_session_beside_the_day_total():
    case = reported_session()
    day = timezone.localtime(case.session.starts_at).date()
    planned = []
    for gender in ("woman", "man", "woman"):
        reg = RegistrationFactory(forum=case.forum, gender=gender)
        CheckIn.objects.create(registration=reg, day=day)
        planned.append(reg)
    # Two had the session in their schedule; the third came for other sessions that day.
    for reg in planned[:2]:
        Bookmark.objects.create(user=reg.user, session=case.session)
    # A badge checked in another day is not counted.
    other = RegistrationFactory(forum=case.forum, gender="woman")
    CheckIn.objects.create(registration=other, day=day + dt.timedelta(days=1))
    Bookmark.objects.create(user=other.user, session=case.session)
    assert facts_checkins(case.session) == {
        "source": "registration",
        "day": day.isoformat(),
        "day_onsite": 3,
        "onsite": 2,
        "women": 1,
    }

    prefill_report.apply(args=[case.full.pk])
    report = SessionReport.objects.get(pk=case.full.pk)
    assert (report.participants_onsite, report.participants_women) == (2, 1)


def test_a_day_total_alone_offers_no_onsite_figure():
    """Nobody who checked in had the session in their schedule: the day's total is shown as a
    fact, and the onsite field stays for the rapporteur (the desk does not see rooms)."""
    case = reported_session()
    day = timezone.localtime(case.session.starts_at).date()
    CheckIn.objects.create(registration=RegistrationFactory(forum=case.forum), day=day)
    prefill_report.apply(args=[case.full.pk])
    report = SessionReport.objects.get(pk=case.full.pk)
    assert report.platform_facts["checkins"]["day_onsite"] == 1
    assert (report.participants_onsite, report.participants_women) == (None, None)
    assert report.revision == case.full.revision


def test_hub_attendance_counts_the_latest_report():
    case = reported_session()
    hub = HubFactory(forum=case.forum)
    HubAttendance.objects.create(hub=hub, session=case.session, people=5)
    HubAttendance.objects.create(hub=hub, session=case.session, people=9)
    assert facts_hubs(case.session)["total"] == 9


def test_top_questions_by_votes():
    case = reported_session()
    room = LiveRoom.objects.create(session=case.session)
    low = Question.objects.create(room=room, text="Low")
    high = Question.objects.create(room=room, text="High")
    Question.objects.create(room=room, text="Rejected", status=Question.Status.REJECTED)
    for _ in range(2):
        QuestionVote.objects.create(question=high, user=UserFactory())
    QuestionVote.objects.create(question=low, user=UserFactory())
    assert [q["text"] for q in facts_questions(case.session)["top"]] == ["High", "Low"]


def _connect(room, name, user=None, hub=None):
    """A live connection as the consumers record it: through the presence batch."""
    presence_apply(
        joins={name: {"room_id": room.pk, "user_id": user and user.pk, "hub_id": hub and hub.pk}},
        hubs={},
        leaves=set(),
    )


def _leave(*names):
    presence_apply(joins={}, hubs={}, leaves=set(names))


def test_task_prefills_participation_and_never_submits():
    case = reported_session()
    room = live_room_for(session=case.session)
    _connect(room, "c1", UserFactory())
    prefill_report.apply(args=[case.full.pk])
    report = SessionReport.objects.get(pk=case.full.pk)
    assert report.prefill_status == "done"
    assert report.participants_online == 1
    assert report.status == "draft"
    assert report.revision == case.full.revision + 1
    assert "session" in report.platform_facts and "presence" in report.platform_facts
    # A second run finds nothing more to fill: the revision stays, so an editor open meanwhile
    # can still save.
    prefill_report.apply(args=[case.full.pk])
    assert SessionReport.objects.get(pk=case.full.pk).revision == report.revision


def _moderated_room(case):
    case.session.moderators.add(case.secretariat)
    return live_room_for(session=case.session)


def test_poll_results_come_from_the_live_room_polls():
    case = reported_session()
    room = _moderated_room(case)
    choice = live.poll_create(
        room=room,
        by=case.secretariat,
        kind="single",
        question="Is access universal yet?",
        options=["Yes", "No", "Not sure"],
    )
    rating = live.poll_create(
        room=room, by=case.secretariat, kind="rating", question="Rate the session", scale_max=5
    )
    live.poll_create(
        room=room, by=case.secretariat, kind="single", question="Never opened", options=["A", "B"]
    )
    for poll in (choice, rating):
        live.poll_set_status(room=room, by=case.secretariat, poll_id=poll.pk, status="open")
    for answer, score in ((1, 4), (1, 5), (0, 3)):
        voter = RegistrationFactory(forum=case.forum).user
        live.poll_vote(room=room, by=voter, poll_id=choice.pk, answer=answer)
        live.poll_vote(room=room, by=voter, poll_id=rating.pk, answer=score)
    live.poll_set_status(room=room, by=case.secretariat, poll_id=choice.pk, status="closed")

    prefill_report.apply(args=[case.short.pk])

    facts = SessionReport.objects.get(pk=case.short.pk).platform_facts
    assert facts["polls"] == {
        "source": "remote_hubs",
        "polls": [
            {
                "question": "Is access universal yet?",
                "kind": "single",
                "votes": 3,
                "results": [{"option": "No", "votes": 2}, {"option": "Yes", "votes": 1}],
            },
            {"question": "Rate the session", "kind": "rating", "votes": 3, "average": 4.0},
        ],
    }


def test_the_transcript_gives_its_opening_and_a_link_once_published(client):
    case = reported_session()
    text = (
        ">> MODERATOR: Welcome to the session on universal access.\n\n"
        "Connectivity is still out of reach for a third of the world.\n\n"
        "Community networks fill the gap where operators do not go.\n\n"
        "A fourth paragraph that the excerpt leaves out.\n"
    )
    transcript_import(
        session=case.session, by=case.secretariat, name="session.txt", data=text.encode()
    )
    prefill_report.apply(args=[case.full.pk])
    facts = SessionReport.objects.get(pk=case.full.pk).platform_facts["transcript"]
    assert facts["published"] is False
    assert facts["segments"] == 4
    assert facts["opening"] == [
        "Welcome to the session on universal access.",
        "Connectivity is still out of reach for a third of the world.",
        "Community networks fill the gap where operators do not go.",
    ]
    url = reverse("transcript", kwargs={"slug": case.forum.slug, "session_id": case.session.pk})
    assert facts["url"] == url

    transcript_publish(session=case.session, by=case.secretariat)
    prefill_report.apply(args=[case.full.pk])
    assert SessionReport.objects.get(pk=case.full.pk).platform_facts["transcript"]["published"]
    client.force_login(case.rapporteur)
    body = client.get(
        reverse("reports:edit", kwargs={"slug": case.forum.slug, "report_id": case.full.pk})
    ).content.decode()
    assert f'<a href="{url}">' in body
    assert (
        "<blockquote>Community networks fill the gap where operators do not go.</blockquote>"
        in body
    )
    assert "fourth paragraph" not in body


def test_live_presence_counts_people_after_they_have_left():
    """The report is written after the session, when nobody is connected: it counts the
    signed-in people who joined (each once) and the most connections open at once."""
    case = reported_session()
    room = live_room_for(session=case.session)
    alice, bob = UserFactory(), UserFactory()
    hub = HubFactory(forum=case.forum)
    _connect(room, "a1", alice)
    _connect(room, "a2", alice)  # a second tab
    _connect(room, "anon", None)
    _connect(room, "h1", hub.coordinator, hub)
    _leave("a1", "a2", "anon")
    _connect(room, "b1", bob)  # Bob comes once Alice has gone
    _leave("b1", "h1")

    prefill_report.apply(args=[case.full.pk])

    report = SessionReport.objects.get(pk=case.full.pk)
    presence = report.platform_facts["presence"]
    peak_at = presence.pop("peak_at")
    assert presence == {
        "source": "remote_hubs",
        "online": 3,
        "signed_in_online": 2,
        "signed_in_at_hubs": 1,
        "peak_connections": 4,
        "peak_online": 3,
    }
    assert peak_at
    assert "checkins" not in report.platform_facts
    assert "hubs" not in report.platform_facts
    assert (report.participants_online, report.participants_onsite) == (3, None)
    assert (report.participants_hubs, report.participants_women) == (None, None)


def test_signed_in_people_count_when_more_than_the_peak():
    """Many people who each came for a while: more of them than were ever there at once."""
    case = reported_session()
    room = live_room_for(session=case.session)
    for i in range(4):
        _connect(room, f"p{i}", UserFactory())
        _leave(f"p{i}")
    prefill_report.apply(args=[case.full.pk])
    presence = SessionReport.objects.get(pk=case.full.pk).platform_facts["presence"]
    assert (presence["peak_online"], presence["signed_in_online"], presence["online"]) == (1, 4, 4)


def test_a_short_report_gets_the_facts_but_no_participation_figures():
    """The short report's editor has no participation fields: nothing unseen gets published."""
    case = reported_session()
    day = timezone.localtime(case.session.starts_at).date()
    CheckIn.objects.create(registration=RegistrationFactory(forum=case.forum), day=day)
    room = live_room_for(session=case.session)
    _connect(room, "c1", UserFactory())
    prefill_report.apply(args=[case.short.pk])
    report = SessionReport.objects.get(pk=case.short.pk)
    assert report.platform_facts["checkins"]["day_onsite"] == 1
    assert report.platform_facts["presence"]["online"] == 1
    assert (report.participants_onsite, report.participants_online) == (None, None)
    assert report.revision == case.short.revision


def test_the_prefill_status_endpoint_answers_authors_only(client):
    case = reported_session()
    url = reverse(
        "reports:prefill_status", kwargs={"slug": case.forum.slug, "report_id": case.short.pk}
    )
    client.force_login(case.outsider)
    assert client.get(url).status_code == 404
    client.force_login(case.rapporteur)
    SessionReport.objects.filter(pk=case.short.pk).update(prefill_status="running")
    assert client.get(url).json() == {
        "status": "running",
        "status_label": "Prefilling",
        "error": "",
        "finished": False,
    }
    prefill_report.apply(args=[case.short.pk])
    assert client.get(url).json()["finished"] is True
