"""An organizer with an overdue report from the previous edition is flagged on their new
proposal, to themselves and to the secretariat screening it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import ForumRole
from reports.models import SessionReport
from tests.factories import ForumFactory, UserFactory, grant
from tests.reports.helpers import reported_session
from tests.sessions.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def _next_edition(case):
    forum = ForumFactory(start_date=dt.date(2031, 12, 1), end_date=dt.date(2031, 12, 5))
    secretariat = UserFactory()
    grant(secretariat, forum, ForumRole.Role.SECRETARIAT)
    return forum, secretariat


def _pages(client, forum, proposal, organizer, secretariat):
    client.force_login(organizer)
    mine = client.get(reverse("proposal_detail", args=[forum.slug, proposal.pk]))
    client.force_login(secretariat)
    screening = client.get(reverse("screening_proposal", args=[forum.slug, proposal.pk]))
    assert mine.status_code == screening.status_code == 200
    return mine.content.decode(), screening.content.decode()


def test_overdue_organizer_is_flagged_on_a_new_proposal(client):
    case = reported_session()
    SessionReport.objects.filter(pk=case.short.pk).update(
        due_at=timezone.now() - dt.timedelta(days=3)
    )
    forum, secretariat = _next_edition(case)
    proposal = ProposalFactory(forum=forum, created_by=case.organizer, title="Back again")
    for html in _pages(client, forum, proposal, case.organizer, secretariat):
        assert 'data-testid="proposal-flags"' in html
        assert "overdue report from the previous edition" in html
        assert case.session.title in html


def test_no_flag_without_an_overdue_report(client):
    case = reported_session()
    SessionReport.objects.filter(pk=case.short.pk).update(
        due_at=timezone.now() - dt.timedelta(days=3)
    )
    forum, secretariat = _next_edition(case)
    # Someone else, with no report of the previous edition.
    other = ProposalFactory(forum=forum, created_by=case.outsider)
    for html in _pages(client, forum, other, case.outsider, secretariat):
        assert 'data-testid="proposal-flags"' not in html
    # The same organizer once the report is approved (no longer open).
    SessionReport.objects.filter(session__forum=case.forum).update(
        status=SessionReport.Status.APPROVED
    )
    proposal = ProposalFactory(forum=forum, created_by=case.organizer)
    for html in _pages(client, forum, proposal, case.organizer, secretariat):
        assert 'data-testid="proposal-flags"' not in html
