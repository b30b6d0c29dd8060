"""Telling people that a published session moved or was cancelled, through the mail outbox: one
mail per person and version, listing every changed session they organise, speak in, moderate or
bookmarked."""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from forum.mail import absolute_url, mail_queue
from sessions.models import Bookmark, ProgrammeVersion, ProposalOrganizer, ProposalPerson, Session
from sessions.selectors.schedule import SCHEDULED_ROLES


def _when(session: Session) -> str:
    tz = session.forum.tzinfo
    start, end = session.starts_at.astimezone(tz), session.ends_at.astimezone(tz)
    return (
        f"{formats.date_format(start, 'DATE_FORMAT')}, {start:%H:%M}–{end:%H:%M} {start.tzname()}"
    )


def recipients_of(session_ids: list[int]) -> dict[str, set[int]]:
    """Address (lower case) -> the sessions among ``session_ids`` that concern its person."""
    out: dict[str, set[int]] = defaultdict(set)
    proposal_to_session = dict(
        Session.objects.filter(pk__in=session_ids, proposal__isnull=False).values_list(
            "proposal_id", "pk"
        )
    )
    for proposal_id, email in ProposalOrganizer.objects.filter(
        proposal_id__in=proposal_to_session
    ).values_list("proposal_id", "email"):
        if email:
            out[email.lower()].add(proposal_to_session[proposal_id])
    people = ProposalPerson.objects.filter(
        proposal_id__in=proposal_to_session, role__in=SCHEDULED_ROLES
    ).exclude(confirmation=ProposalPerson.Confirmation.DECLINED)
    for proposal_id, email in people.values_list("proposal_id", "email"):
        if email:
            out[email.lower()].add(proposal_to_session[proposal_id])
    for sid, email in Session.moderators.through.objects.filter(
        session_id__in=session_ids
    ).values_list("session_id", "user__email"):
        if email:
            out[email.lower()].add(sid)
    for sid, email in Bookmark.objects.filter(session_id__in=session_ids).values_list(
        "session_id", "user__email"
    ):
        if email:
            out[email.lower()].add(sid)
    return out


def notify_changes(*, version: ProgrammeVersion, moved: list[int], cancelled: list[int]) -> int:
    """Queue the mails of a version's moved and cancelled sessions; returns how many."""
    forum = version.forum
    sessions = {
        s.pk: s
        for s in Session.objects.filter(pk__in=[*moved, *cancelled]).select_related("room", "forum")
    }
    count = 0
    for email, sids in sorted(recipients_of(list(sessions)).items()):
        lines = []
        for sid in sorted(sids, key=lambda s: (sessions[s].starts_at, s)):
            session = sessions[sid]
            link = absolute_url(
                reverse("programme_session", kwargs={"slug": forum.slug, "session_id": sid})
            )
            if sid in cancelled:
                lines.append(
                    _("“%(title)s” is cancelled.\n%(link)s")
                    % {"title": session.title, "link": link}
                )
            else:
                lines.append(
                    _("“%(title)s” moved: it is now on %(when)s in %(room)s.\n%(link)s")
                    % {
                        "title": session.title,
                        "when": _when(session),
                        "room": session.room.name if session.room else "",
                        "link": link,
                    }
                )
        subject = _("%(forum)s programme, version %(number)s: a session of yours changed") % {
            "forum": forum.name,
            "number": version.number,
        }
        body = "\n\n".join(
            [
                _("Hello,"),
                _("The %(forum)s programme was updated (version %(number)s).")
                % {"forum": forum.name, "number": version.number},
                *lines,
                *([version.note] if version.note else []),
                _("The full programme: %(link)s")
                % {"link": absolute_url(reverse("programme", kwargs={"slug": forum.slug}))},
            ]
        )
        mail_queue(to=email, subject=subject, body=body, forum=forum)
        count += 1
    return count
