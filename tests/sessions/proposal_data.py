"""A call, its session type and a complete proposal input, for the proposal tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from forum.models import StakeholderGroup
from sessions.models import ProposalPerson, SessionFormat
from sessions.services.proposals import OrganizerInput, PersonInput, ProposalInput
from tests.factories import ForumFactory, ThemeFactory, UserFactory
from tests.sessions.factories import CallForProposalsFactory, SessionTypeFactory

#: Inside the factories' call window (2030-03-01 .. 2030-04-30).
DURING_CALL = dt.datetime(2030, 4, 1, 12, 0, tzinfo=dt.UTC)
AFTER_CALL = dt.datetime(2030, 5, 2, 12, 0, tzinfo=dt.UTC)


def group(code: str) -> StakeholderGroup:
    return StakeholderGroup.objects.get(code=code)


class Setup:
    """A forum with a call, a workshop type and a theme with one sub-theme."""

    def __init__(self, **call_overrides):
        self.forum = ForumFactory()
        self.call = CallForProposalsFactory(forum=self.forum, **call_overrides)
        self.workshop = SessionTypeFactory(forum=self.forum)
        self.theme = ThemeFactory(forum=self.forum, name="Digital cooperation")
        self.subtheme = ThemeFactory(
            forum=self.forum, parent=self.theme, name="Digital public goods"
        )
        self.organizer = UserFactory(name="Martina Metz", organisation="BMZ")

    def person(self, n: int, **overrides) -> PersonInput:
        groups = [
            StakeholderGroup.GOVERNMENT,
            StakeholderGroup.CIVIL_SOCIETY,
            StakeholderGroup.TECHNICAL,
        ]
        values = {
            "role": ProposalPerson.Role.SPEAKER,
            "name": f"Speaker {n}",
            "email": f"speaker{n}@example.org",
            "organisation": f"Institute {n}",
            "stakeholder_group": group(groups[n % 3]),
            "country": "GH",
            "gender": "woman" if n % 2 else "man",
            "participation": ProposalPerson.Participation.ONSITE,
            "key": f"speakers-{n}",
        }
        values.update(overrides)
        return PersonInput(**values)

    def data(self, **overrides) -> ProposalInput:
        people = [self.person(n) for n in range(3)]
        people += [
            self.person(10, role=ProposalPerson.Role.ONSITE_MODERATOR, key="onsite_moderator"),
            self.person(
                11,
                role=ProposalPerson.Role.ONLINE_MODERATOR,
                key="online_moderator",
                participation="online",
            ),
            self.person(12, role=ProposalPerson.Role.RAPPORTEUR, key="rapporteur"),
        ]
        values = {
            "session_type": self.workshop,
            "title": "The GovStack Initiative: digital government cooperation",
            "duration": 60,
            "format": SessionFormat.ROUNDTABLE,
            "theme": self.theme,
            "subtheme": self.subtheme,
            "description": "Digital building blocks for governments. " * 5,
            "expected_outcomes": "Recommendations.",
            "interaction_plan": "Onsite and online queues alternate.",
            "previous_report_url": "https://www.intgovforum.org/en/content/report-1",
            "policy_questions": ["What role should the IGF play in digital cooperation?"],
            "organizers": [
                OrganizerInput(
                    name=self.organizer.name,
                    email=self.organizer.email,
                    organisation="Federal Ministry for Economic Cooperation and Development",
                    stakeholder_group=group(StakeholderGroup.GOVERNMENT),
                    country="DE",
                    key="organizers-0",
                )
            ],
            "people": people,
        }
        values.update(overrides)
        return ProposalInput(**values)


def with_people(data: ProposalInput, people) -> ProposalInput:
    return replace(data, people=list(people))
