"""Factories for proposals and sessions. They build rows directly: tests of the services use the
services themselves."""

from __future__ import annotations

import datetime as dt

import factory

from sessions.models import (
    CallForProposals,
    PolicyQuestion,
    Proposal,
    ProposalOrganizer,
    ProposalPerson,
    Session,
    SessionFormat,
    SessionType,
)
from tests.factories import ForumFactory, UserFactory


class SessionTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionType
        django_get_or_create = ["forum", "code"]

    forum = factory.SubFactory(ForumFactory)
    code = "workshop"
    name = "Workshop"
    allowed_durations = [60, 90]
    allowed_formats = [SessionFormat.ROUNDTABLE, SessionFormat.PANEL, SessionFormat.DEBATE]
    min_speakers = 3
    max_speakers = 6


class CallForProposalsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallForProposals
        django_get_or_create = ["forum"]

    forum = factory.SubFactory(ForumFactory)
    opens_at = dt.datetime(2030, 3, 1, tzinfo=dt.UTC)
    closes_at = dt.datetime(2030, 4, 30, 23, 59, tzinfo=dt.UTC)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    forum = factory.SubFactory(ForumFactory)
    session_type = factory.SubFactory(SessionTypeFactory, forum=factory.SelfAttribute("..forum"))
    title = factory.Sequence(lambda n: f"Proposal {n}: digital cooperation")
    duration = 60
    format = SessionFormat.ROUNDTABLE
    description = "How can digital public goods advance the SDGs?"
    expected_outcomes = "A set of recommendations."
    interaction_plan = "Online and onsite queues alternate."
    status = Proposal.Status.SUBMITTED
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def organizer(self, create, extracted, **kwargs):
        if create:
            user = self.created_by
            ProposalOrganizer.objects.create(
                proposal=self,
                user=user,
                name=user.name,
                email=user.email,
                organisation=user.organisation,
                stakeholder_group=user.stakeholder_group,
                country=user.country,
                is_primary=True,
            )


class PolicyQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyQuestion

    proposal = factory.SubFactory(ProposalFactory)
    text = "What role should the IGF play in advancing global digital cooperation?"


class ProposalPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalPerson

    proposal = factory.SubFactory(ProposalFactory)
    role = ProposalPerson.Role.SPEAKER
    name = factory.Sequence(lambda n: f"Speaker {n}")
    email = factory.Sequence(lambda n: f"speaker{n}@example.org")
    organisation = "Example Institute"
    country = "GH"
    gender = "woman"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    forum = factory.SubFactory(ForumFactory)
    session_type = factory.SubFactory(SessionTypeFactory, forum=factory.SelfAttribute("..forum"))
    title = factory.Sequence(lambda n: f"Session {n}")
    duration = 60
