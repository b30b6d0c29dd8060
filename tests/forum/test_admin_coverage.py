"""Every model of ours is in the admin, with search, for the secretariat to use; each forum's rows
are listed and opened by that forum's secretariat and by superusers, and by nobody else."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.urls import reverse

from forum.admin_site import ForumScopedAdmin
from forum.models import ForumRole
from tests.factories import (
    ForumFactory,
    ForumPhaseFactory,
    RoomFactory,
    ThemeFactory,
    UserFactory,
    grant,
)
from tests.remote_hubs.factories import HubFactory, RegistrationFactory
from tests.sessions.factories import (
    CallForProposalsFactory,
    PolicyQuestionFactory,
    ProposalFactory,
    ProposalPersonFactory,
    SessionFactory,
    SessionTypeFactory,
)

#: An instant for the programme's rows (breaks, availability).
AT = dt.datetime(2030, 11, 4, 9, 0, tzinfo=dt.UTC)

OUR_APPS = ["forum", "programme", "registration", "remote_hubs", "transcripts"]


def our_models():
    for label in OUR_APPS:
        for model in apps.get_app_config(label).get_models():
            if not model._meta.auto_created:
                yield model


@pytest.mark.parametrize("model", list(our_models()), ids=lambda m: m._meta.label)
def test_model_is_registered_with_search(model):
    assert admin.site.is_registered(model), f"{model._meta.label} is not in the admin"
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields, f"{model._meta.label} has no admin search"


REFERENCE_DATA = [
    "forum.StakeholderGroup",
    "forum.RegionalGroup",
    "forum.SDG",
    "forum.WSISActionLine",
]


@pytest.mark.django_db
@pytest.mark.parametrize("label", REFERENCE_DATA)
def test_the_secretariat_reads_reference_data_and_superusers_change_it(client, label):
    row = model(label).objects.order_by("pk").first()
    assert row is not None, f"the migrations load no {label}"
    secretariat = UserFactory()
    grant(secretariat, ForumFactory(), ForumRole.Role.SECRETARIAT)
    client.force_login(secretariat)
    assert admin_url(row, "change") in client.get(admin_url(row, "changelist")).content.decode()
    opens(client, row, editable=False)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    opens(client, row, editable=True)


@pytest.mark.django_db
def test_the_secretariat_edits_people_but_not_accounts_that_administer(client):
    secretariat, colleague = UserFactory(), UserFactory()
    grant(secretariat, ForumFactory(), ForumRole.Role.SECRETARIAT)
    grant(colleague, ForumFactory(), ForumRole.Role.SECRETARIAT)
    person = UserFactory()
    client.force_login(secretariat)
    html = client.get(admin_url(person, "changelist")).content.decode()
    assert admin_url(person, "change") in html
    assert admin_url(colleague, "change") in html
    opens(client, person, editable=True)
    opens(client, colleague, editable=False)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    opens(client, colleague, editable=True)


# --- Each forum's rows: listed and opened by its own secretariat and by superusers only ---------
#
# A row of every forum-scoped model is built in two forums. Model classes are looked up by label so
# that this file follows the models wherever their modules move.

#: Rows the admin shows but never changes (written by the services or the live room).
READ_ONLY = {
    "programme.Proposal",
    "programme.PolicyQuestion",
    "programme.ProposalOrganizer",
    "programme.ProposalPerson",
    "programme.ReviewAssignment",
    "programme.Review",
    "programme.ReviewScore",
    "programme.Decision",
    "programme.ReviewReminder",
    "programme.Bookmark",
    "programme.ScheduleRun",
    "programme.ProgrammeVersion",
    "registration.CheckIn",
    "registration.SeatSignup",
    "remote_hubs.LiveRoom",
    "remote_hubs.LiveEvent",
    "remote_hubs.ChatMessage",
    "remote_hubs.Mute",
    "remote_hubs.Question",
    "remote_hubs.QuestionVote",
    "remote_hubs.FloorRequest",
    "remote_hubs.Poll",
    "remote_hubs.PollVote",
    "remote_hubs.LivePresence",
    "remote_hubs.LiveAttendance",
}


def model(label):
    return apps.get_model(label)


def live_room(forum):
    return model("remote_hubs.LiveRoom").objects.get_or_create(session=SessionFactory(forum=forum))[
        0
    ]


def question(forum):
    return model("remote_hubs.Question").objects.create(
        room=live_room(forum), author=UserFactory(), text="How do hubs take the floor?"
    )


def poll(forum):
    return model("remote_hubs.Poll").objects.create(
        room=live_room(forum), kind="single", question="Which?", options=["a", "b"]
    )


def review(forum):
    return model("programme.Review").objects.create(
        proposal=ProposalFactory(forum=forum), reviewer=UserFactory()
    )


def criterion(forum):
    return model("programme.ReviewCriterion").objects.create(forum=forum, name="Relevance")


def transcript(forum):
    return model("transcripts.Transcript").objects.create(session=SessionFactory(forum=forum))


BUILDERS = {
    "forum.Forum": lambda forum: forum,
    "forum.ForumPhase": lambda forum: ForumPhaseFactory(forum=forum),
    "forum.Theme": lambda forum: ThemeFactory(forum=forum),
    "forum.Room": lambda forum: RoomFactory(forum=forum),
    "forum.ForumRole": lambda forum: grant(UserFactory(), forum, ForumRole.Role.MAG_MEMBER),
    "forum.QueuedMail": lambda forum: model("forum.QueuedMail").objects.create(
        forum=forum, to="someone@example.org", subject="Your proposal", body="Hello"
    ),
    "programme.SessionType": lambda forum: SessionTypeFactory(forum=forum),
    "programme.CallForProposals": lambda forum: CallForProposalsFactory(forum=forum),
    "programme.Proposal": lambda forum: ProposalFactory(forum=forum),
    "programme.PolicyQuestion": lambda forum: PolicyQuestionFactory(
        proposal=ProposalFactory(forum=forum)
    ),
    "programme.ProposalOrganizer": lambda forum: model("programme.ProposalOrganizer").objects.get(
        proposal=ProposalFactory(forum=forum)
    ),
    "programme.ProposalPerson": lambda forum: ProposalPersonFactory(
        proposal=ProposalFactory(forum=forum)
    ),
    "programme.Session": lambda forum: SessionFactory(forum=forum),
    "programme.Bookmark": lambda forum: model("programme.Bookmark").objects.create(
        user=UserFactory(), session=SessionFactory(forum=forum)
    ),
    "programme.ProgrammeDay": lambda forum: model("programme.ProgrammeDay").objects.create(
        forum=forum, date=forum.start_date
    ),
    "programme.BlockedPeriod": lambda forum: model("programme.BlockedPeriod").objects.create(
        forum=forum, label="Lunch", starts_at=AT, ends_at=AT + dt.timedelta(hours=1)
    ),
    "programme.RoomAvailability": lambda forum: model("programme.RoomAvailability").objects.create(
        room=RoomFactory(forum=forum), starts_at=AT, ends_at=AT + dt.timedelta(hours=8)
    ),
    "programme.PersonUnavailability": lambda forum: model(
        "programme.PersonUnavailability"
    ).objects.create(
        forum=forum, email="speaker@example.org", starts_at=AT, ends_at=AT + dt.timedelta(hours=2)
    ),
    "programme.SchedulerSettings": lambda forum: model(
        "programme.SchedulerSettings"
    ).objects.get_or_create(forum=forum)[0],
    "programme.ScheduleRun": lambda forum: model("programme.ScheduleRun").objects.create(
        forum=forum
    ),
    "programme.ProgrammeVersion": lambda forum: model("programme.ProgrammeVersion").objects.create(
        forum=forum, number=1
    ),
    "programme.DraftPlacement": lambda forum: model("programme.DraftPlacement").objects.create(
        session=SessionFactory(forum=forum)
    ),
    "programme.ReviewSettings": lambda forum: model(
        "programme.ReviewSettings"
    ).objects.get_or_create(forum=forum)[0],
    "programme.ReviewCriterion": criterion,
    "programme.LowScoreReason": lambda forum: model("programme.LowScoreReason").objects.create(
        forum=forum, text="Off topic"
    ),
    "programme.ReviewerTheme": lambda forum: model("programme.ReviewerTheme").objects.create(
        forum=forum, reviewer=UserFactory(), theme=ThemeFactory(forum=forum)
    ),
    "programme.ReviewConflict": lambda forum: model("programme.ReviewConflict").objects.create(
        proposal=ProposalFactory(forum=forum), reviewer=UserFactory(), source="organizer"
    ),
    "programme.ReviewAssignment": lambda forum: model("programme.ReviewAssignment").objects.create(
        proposal=ProposalFactory(forum=forum), reviewer=UserFactory()
    ),
    "programme.Review": review,
    "programme.ReviewScore": lambda forum: model("programme.ReviewScore").objects.create(
        review=review(forum), criterion=criterion(forum), value=3
    ),
    "programme.Decision": lambda forum: model("programme.Decision").objects.create(
        proposal=ProposalFactory(forum=forum),
        outcome="accept",
        reason="Strong and balanced.",
        decided_by=UserFactory(),
    ),
    "programme.NotificationTemplate": lambda forum: model(
        "programme.NotificationTemplate"
    ).objects.get_or_create(
        forum=forum, outcome="accept", defaults={"subject": "Accepted", "body": "Welcome."}
    )[0],
    "programme.ReviewReminder": lambda forum: model("programme.ReviewReminder").objects.create(
        forum=forum, reviewer=UserFactory(), pending=2
    ),
    "registration.Registration": lambda forum: RegistrationFactory(forum=forum),
    "registration.RegistrationSettings": lambda forum: model(
        "registration.RegistrationSettings"
    ).objects.create(forum=forum, privacy_notice_version="1", privacy_notice="Notice"),
    "registration.CheckIn": lambda forum: model("registration.CheckIn").objects.create(
        registration=RegistrationFactory(forum=forum), day=forum.start_date
    ),
    "registration.VisaLetterRequest": lambda forum: model(
        "registration.VisaLetterRequest"
    ).objects.create(
        registration=RegistrationFactory(forum=forum), passport_number="X1", nationality="Kenyan"
    ),
    "registration.SessionCapacity": lambda forum: model(
        "registration.SessionCapacity"
    ).objects.create(session=SessionFactory(forum=forum), seats=10),
    "registration.SeatSignup": lambda forum: model("registration.SeatSignup").objects.create(
        capacity=model("registration.SessionCapacity").objects.create(
            session=SessionFactory(forum=forum), seats=10
        ),
        user=UserFactory(),
        status="waitlisted",
    ),
    "remote_hubs.Hub": lambda forum: HubFactory(forum=forum),
    "remote_hubs.HubAttendance": lambda forum: model("remote_hubs.HubAttendance").objects.create(
        hub=HubFactory(forum=forum), session=SessionFactory(forum=forum), people=12
    ),
    "remote_hubs.LiveSettings": lambda forum: model(
        "remote_hubs.LiveSettings"
    ).objects.get_or_create(forum=forum)[0],
    "remote_hubs.LiveRoom": live_room,
    "remote_hubs.LiveEvent": lambda forum: model("remote_hubs.LiveEvent").objects.create(
        room=live_room(forum), seq=1, type="chat.message"
    ),
    "remote_hubs.ChatMessage": lambda forum: model("remote_hubs.ChatMessage").objects.create(
        room=live_room(forum), author=UserFactory(), text="Hello from Lagos"
    ),
    "remote_hubs.Mute": lambda forum: model("remote_hubs.Mute").objects.create(
        room=live_room(forum), user=UserFactory()
    ),
    "remote_hubs.Question": question,
    "remote_hubs.QuestionVote": lambda forum: model("remote_hubs.QuestionVote").objects.create(
        question=question(forum), user=UserFactory()
    ),
    "remote_hubs.FloorRequest": lambda forum: model("remote_hubs.FloorRequest").objects.create(
        room=live_room(forum), hub=HubFactory(forum=forum), requested_by=UserFactory()
    ),
    "remote_hubs.Poll": poll,
    "remote_hubs.PollVote": lambda forum: model("remote_hubs.PollVote").objects.create(
        poll=poll(forum), user=UserFactory(), choices=[0]
    ),
    "remote_hubs.LivePresence": lambda forum: model("remote_hubs.LivePresence").objects.create(
        room=live_room(forum), channel_name=f"specific.{forum.slug}!one"
    ),
    "remote_hubs.LiveAttendance": lambda forum: model("remote_hubs.LiveAttendance").objects.create(
        room=live_room(forum), user=UserFactory()
    ),
    "transcripts.CaptionerAssignment": lambda forum: model(
        "transcripts.CaptionerAssignment"
    ).objects.create(forum=forum, user=UserFactory(), room=RoomFactory(forum=forum)),
    "transcripts.CaptionerToken": lambda forum: model("transcripts.CaptionerToken").objects.create(
        forum=forum, user=UserFactory(), name="Booth", prefix="plc_abc", digest=forum.slug
    ),
    "transcripts.Transcript": transcript,
    "transcripts.Segment": lambda forum: model("transcripts.Segment").objects.create(
        transcript=transcript(forum), sequence=0, start_ms=0, end_ms=1000, text="Welcome"
    ),
}


def forum_scoped_models():
    return [m for m in our_models() if isinstance(admin.site._registry[m], ForumScopedAdmin)]


def test_every_forum_scoped_model_has_a_row_builder():
    assert sorted(m._meta.label for m in forum_scoped_models()) == sorted(BUILDERS)
    assert set(READ_ONLY) <= set(BUILDERS)


def admin_url(obj, view):
    meta = obj._meta
    args = [] if view == "changelist" else [quote(obj.pk)]
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def opens(client, obj, *, editable: bool) -> None:
    page = client.get(admin_url(obj, "change"))
    assert page.status_code == 200
    assert ('name="_save"' in page.content.decode()) == editable


def refused(client, obj) -> None:
    """Another forum's row does not exist for this viewer: the admin sends them to its index."""
    response = client.get(admin_url(obj, "change"))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(BUILDERS))
def test_each_forums_rows_are_for_its_secretariat_and_superusers(client, label):
    ours, theirs = ForumFactory(), ForumFactory()
    secretariat, stranger = UserFactory(), UserFactory()
    grant(secretariat, ours, ForumRole.Role.SECRETARIAT)
    grant(stranger, theirs, ForumRole.Role.SECRETARIAT)
    superuser = UserFactory(is_superuser=True, is_staff=True)
    mine, other = BUILDERS[label](ours), BUILDERS[label](theirs)
    assert mine._meta.label == label
    editable = label not in READ_ONLY

    def listed(user):
        client.force_login(user)
        page = client.get(admin_url(mine, "changelist"))
        assert page.status_code == 200
        html = page.content.decode()
        return [admin_url(obj, "change") in html for obj in (mine, other)]

    assert listed(secretariat) == [True, False]
    opens(client, mine, editable=editable)
    refused(client, other)
    assert listed(stranger) == [False, True]
    opens(client, other, editable=editable)
    refused(client, mine)
    assert listed(superuser) == [True, True]
    opens(client, mine, editable=editable)
    opens(client, other, editable=editable)
