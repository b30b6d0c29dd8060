"""Who may act on a session report. Object predicates take ``(user, report)``; forum
predicates take ``(user, forum)``."""

from __future__ import annotations

import rules

from forum.rules import is_active_user, is_secretariat
from sessions.models import ProposalPerson
from sessions.rules.proposals import is_proposal_organizer


def _forum(report):
    return report.session.forum if report is not None else None


@rules.predicate
def is_report_rapporteur(user, report) -> bool:
    """A rapporteur the session's proposal names, linked by account or by the account's email."""
    if report is None or not is_active_user(user):
        return False
    proposal = report.session.proposal
    if proposal is None:
        return False
    people = getattr(proposal, "_rapporteur_keys", None)
    if people is None:
        rows = [p for p in proposal.people.all() if p.role == ProposalPerson.Role.RAPPORTEUR]
        people = (
            {p.user_id for p in rows if p.user_id},
            {p.email.lower() for p in rows if p.email},
        )
        proposal._rapporteur_keys = people
    user_ids, emails = people
    return user.pk in user_ids or bool(user.email) and user.email.lower() in emails


@rules.predicate
def is_report_organizer(user, report) -> bool:
    if report is None or report.session.proposal is None:
        return False
    return is_proposal_organizer.test(user, report.session.proposal)


@rules.predicate
def is_report_secretariat(user, report) -> bool:
    return report is not None and is_secretariat.test(user, _forum(report))


@rules.predicate
def is_editable(user, report) -> bool:
    return report is not None and report.status in ("draft", "returned")


is_report_author = is_report_rapporteur | is_report_organizer
can_view_report = is_report_author | is_report_secretariat
can_edit_report = (is_report_author | is_report_secretariat) & is_editable
can_submit_report = can_edit_report
can_review_report = is_report_secretariat
can_manage_reports = is_secretariat
