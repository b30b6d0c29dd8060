"""The demo step of remote hubs, and the hub services' refusals."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from forum.models import ForumRole
from registration.models import Registration
from remote_hubs.models import ChatMessage, Hub, LiveEvent, Poll, PollVote, Question
from remote_hubs.services import hubs as hub_services
from tests.factories import ForumFactory, UserFactory
from tests.remote_hubs.factories import HubFactory
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_the_small_demo_has_hubs_registrations_and_live_content():
    # On a fixed day: which sessions have started (and so have live content) depends on the
    # demo's moment.
    call_command("seed_demo", "--size", "small", "--today", "2026-12-08")
    hubs = Hub.objects.filter(forum__slug="igf-2026")
    assert hubs.count() == 4
    assert sorted(hubs.values_list("status", flat=True)) == [
        "approved",
        "approved",
        "approved",
        "pending",
    ]
    hub1 = hubs.get(coordinator__email="hub1@demo.example")
    assert (hub1.city, hub1.status) == ("Nairobi", "approved")
    assert ForumRole.objects.filter(
        user__email="hub1@demo.example", role=ForumRole.Role.HUB_COORDINATOR
    ).exists()
    assert Registration.objects.get(
        forum__slug="igf-2026", user__email="participant1@demo.example"
    ).status == ("approved")
    # The demo is deterministic: these are its figures, not lower bounds.
    assert Poll.objects.count() == 2
    closed = Poll.objects.filter(status="closed")
    assert closed.count() == 2
    assert PollVote.objects.filter(poll__in=closed).count() == 24
    assert ChatMessage.objects.filter(hub__isnull=False).count() == 5
    assert Question.objects.filter(status="answered").count() == 2
    # Each room's ids run 1, 2, 3 … without a gap.
    for room_id in LiveEvent.objects.values_list("room_id", flat=True).distinct():
        seqs = list(
            LiveEvent.objects.filter(room_id=room_id).order_by("seq").values_list("seq", flat=True)
        )
        assert seqs == list(range(1, len(seqs) + 1))


def test_a_hub_plans_only_sessions_of_its_forum():
    forum = ForumFactory()
    elsewhere = SessionFactory()
    with pytest.raises(ValidationError):
        hub_services.hub_register(
            forum=forum,
            by=UserFactory(),
            host_institution="Inst",
            city="Quito",
            country="EC",
            time_zone="America/Guayaquil",
            coordinator_name="A",
            coordinator_email="a@example.org",
            technical_name="B",
            technical_email="b@example.org",
            expected_participants=10,
            planned_sessions=[elsewhere],
        )
    assert Hub.objects.count() == 0


def test_only_the_secretariat_decides_and_only_once():
    hub = HubFactory(status=Hub.Status.PENDING)
    with pytest.raises(PermissionDenied):
        hub_services.hub_decide(hub=hub, by=hub.coordinator, approve=True)
    secretariat = UserFactory()
    from tests.factories import grant

    grant(secretariat, hub.forum, ForumRole.Role.SECRETARIAT)
    hub_services.hub_decide(hub=hub, by=secretariat, approve=True)
    with pytest.raises(ValidationError):
        hub_services.hub_decide(hub=hub, by=secretariat, approve=False)
    hub.refresh_from_db()
    assert hub.status == "approved"
