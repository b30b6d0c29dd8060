import pytest
from django.utils import timezone

from registration.models import CheckIn
from remote_hubs.models import HubAttendance, LivePresence, LiveRoom, Question, QuestionVote
from reports.models import SessionReport
from reports.services.prefill import facts_checkins, facts_hubs, facts_questions, facts_session
from reports.tasks import prefill_report
from tests.factories import UserFactory
from tests.remote_hubs.factories import HubFactory, RegistrationFactory
from tests.reports.helpers import reported_session

pytestmark = pytest.mark.django_db


def test_session_facts_name_the_speakers():
    case = reported_session()
    facts = facts_session(case.session)
    assert facts["title"] == case.session.title
    assert any(p["name"] == "Rita Rapporteur" for p in facts["people"])


def test_checkins_count_the_session_day():
    case = reported_session()
    day = timezone.localtime(case.session.starts_at).date()
    for gender in ("woman", "man"):
        reg = RegistrationFactory(forum=case.forum, gender=gender)
        CheckIn.objects.create(registration=reg, day=day)
    assert facts_checkins(case.session) == {
        "source": "registration",
        "day": day.isoformat(),
        "onsite": 2,
        "women": 1,
    }


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


def test_task_prefills_participation_and_never_submits():
    case = reported_session()
    room = LiveRoom.objects.create(session=case.session)
    LivePresence.objects.create(room=room, channel_name="c1", user=UserFactory())
    prefill_report.apply(args=[case.full.pk])
    report = SessionReport.objects.get(pk=case.full.pk)
    assert report.prefill_status == "done"
    assert report.participants_online == 1
    assert report.status == "draft"
    assert "session" in report.platform_facts and "presence" in report.platform_facts
