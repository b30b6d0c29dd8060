"""Factories for hubs and registrations. They build rows directly; service tests use services."""

from __future__ import annotations

import factory

from registration.models import Registration
from remote_hubs.models import Hub
from tests.factories import ForumFactory, UserFactory


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    forum = factory.SubFactory(ForumFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.APPROVED
    attendance = Registration.Attendance.ONLINE


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub

    forum = factory.SubFactory(ForumFactory)
    host_institution = factory.Sequence(lambda n: f"University {n}")
    city = factory.Sequence(lambda n: f"City{n}")
    country = "NG"
    time_zone = "Africa/Lagos"
    coordinator = factory.SubFactory(UserFactory)
    coordinator_name = factory.SelfAttribute("coordinator.name")
    coordinator_email = factory.SelfAttribute("coordinator.email")
    technical_name = "Tech Person"
    technical_email = "tech@example.org"
    expected_participants = 30
    status = Hub.Status.APPROVED
