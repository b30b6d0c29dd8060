"""Reports and compilations for the outputs tests, made directly (the reports app's own
workflow is tested there)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from forum.models import ForumRole, Theme, WSISActionLine
from outputs.models import Compilation
from outputs.services.builds import build_request, build_run, compilation_get_or_create
from reports.models import SessionReport
from tests.factories import UserFactory, grant
from tests.sessions.factories import ProposalFactory, SessionFactory, SessionTypeFactory


def approved_report(session, *, kind="short", takeaways=(), calls=(), summary="", **extra):
    return SessionReport.objects.create(
        session=session,
        kind=kind,
        status=SessionReport.Status.APPROVED,
        due_at=timezone.now(),
        key_takeaways=list(takeaways),
        calls_to_action=list(calls),
        presentations_summary=summary,
        published_at=timezone.now(),
        updated_at=timezone.now() - dt.timedelta(hours=1),
        **extra,
    )


def secretariat_of(forum):
    user = UserFactory()
    grant(user, forum, ForumRole.Role.SECRETARIAT)
    return user


def theme(forum, name, *, parent=None, position=0):
    return Theme.objects.create(forum=forum, name=name, parent=parent, position=position)


def session_with_lines(forum, title, codes=(), **kwargs):
    proposal = ProposalFactory(forum=forum)
    proposal.wsis_action_lines.set(WSISActionLine.objects.filter(code__in=codes))
    return SessionFactory(forum=forum, title=title, proposal=proposal, **kwargs)


def built(forum, kind, by=None):
    by = by or secretariat_of(forum)
    compilation = compilation_get_or_create(forum=forum, kind=kind, by=by)
    build, _created = build_request(compilation=compilation, by=by)
    return build_run(build_id=build.pk)


__all__ = [
    "Compilation",
    "SessionTypeFactory",
    "approved_report",
    "built",
    "secretariat_of",
    "session_with_lines",
    "theme",
]
