"""Helpers of the proposal page tests: the ``setup`` fixture (a call open around today), page
addresses, the form's POST data and a submitted proposal."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import StakeholderGroup
from sessions.models import Proposal
from sessions.services.proposals import proposal_submit
from tests.sessions.proposal_data import Setup, group

SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def setup():
    # The views act now: a call open around today.
    now = timezone.now()
    return Setup(opens_at=now - dt.timedelta(days=10), closes_at=now + dt.timedelta(days=10))


def url(name, setup, **kwargs):
    return reverse(name, kwargs={"slug": setup.forum.slug, **kwargs})


def person_fields(prefix, n, **overrides):
    values = {
        "name": f"Speaker {n}",
        "email": f"speaker{n}@example.org",
        "organisation": f"Institute {n}",
        "stakeholder_group": str(
            group(
                [
                    StakeholderGroup.GOVERNMENT,
                    StakeholderGroup.CIVIL_SOCIETY,
                    StakeholderGroup.TECHNICAL,
                ][n % 3]
            ).pk
        ),
        "country": "GH",
        "gender": "woman" if n % 2 else "man",
        "participation": "onsite",
        "confirmation": "provisional",
    }
    values.update(overrides)
    return {f"{prefix}-{k}": v for k, v in values.items()}


def form_data(setup, *, action="submit", speakers=3, key=None, **overrides):
    data = {
        "action": action,
        "creation_key": str(key or uuid.uuid4()),
        "title": "The GovStack Initiative",
        "session_type": str(setup.workshop.pk),
        "duration": "60",
        "format": "roundtable",
        "theme": str(setup.theme.pk),
        "subtheme": str(setup.subtheme.pk),
        "policy_question_1": "What role should the IGF play?",
        "description": "Digital building blocks.",
        "expected_outcomes": "Recommendations.",
        "interaction_plan": "Queues alternate.",
        "previous_report_url": "https://example.org/report",
        "organizers-TOTAL_FORMS": "1",
        "organizers-INITIAL_FORMS": "0",
        "organizers-0-name": setup.organizer.name,
        "organizers-0-email": setup.organizer.email,
        "organizers-0-organisation": "BMZ",
        "organizers-0-stakeholder_group": str(group(StakeholderGroup.GOVERNMENT).pk),
        "organizers-0-country": "DE",
        "speakers-TOTAL_FORMS": str(speakers),
        "speakers-INITIAL_FORMS": "0",
    }
    for n in range(speakers):
        data.update(person_fields(f"speakers-{n}", n))
    data.update(person_fields("onsite_moderator", 10))
    data.update(person_fields("online_moderator", 11, participation="online"))
    data.update(person_fields("rapporteur", 12))
    data.update(overrides)
    return data


def submitted_proposal(setup, **overrides) -> Proposal:
    """A proposal submitted now (the ``setup`` call is open around today)."""
    return proposal_submit(forum=setup.forum, by=setup.organizer, data=setup.data(**overrides))
