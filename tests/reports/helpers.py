"""A published session with an organizer, a rapporteur and the secretariat, and its reports."""

from __future__ import annotations

from dataclasses import dataclass

from forum.models import ForumRole
from reports.services.deadlines import reports_create
from sessions.models import ProposalPerson
from tests.factories import UserFactory, grant
from tests.sessions.factories import ProposalPersonFactory
from tests.sessions.programme_helpers import published_programme


@dataclass
class Case:
    forum: object
    session: object
    other_session: object
    organizer: object
    rapporteur: object
    secretariat: object
    mag: object
    outsider: object
    short: object
    full: object


def reported_session() -> Case:
    p = published_programme(2)
    session, other = p.sessions
    organizer = session.proposal.created_by
    rapporteur = UserFactory(name="Rita Rapporteur")
    ProposalPersonFactory(
        proposal=session.proposal,
        role=ProposalPerson.Role.RAPPORTEUR,
        name=rapporteur.name,
        email=rapporteur.email,
    )
    secretariat = UserFactory(name="Sec Retariat")
    grant(secretariat, p.forum, ForumRole.Role.SECRETARIAT)
    mag = UserFactory(name="Mag Member")
    grant(mag, p.forum, ForumRole.Role.MAG_MEMBER)
    outsider = UserFactory(name="Out Sider")
    # In a transactional test the Session receiver has already created them on commit.
    reports_create(session=session)
    reports = {r.kind: r for r in session.reports.all()}
    reports_create(session=other)
    return Case(
        p.forum,
        session,
        other,
        organizer,
        rapporteur,
        secretariat,
        mag,
        outsider,
        reports["short"],
        reports["full"],
    )
