"""Decisions on proposals: recording one, deciding in bulk, and the organizers' answer.

Every decision is a new :class:`~sessions.models.Decision` row (who, when, why); the previous one
stays as history. Accepting a proposal creates its programme session. The notifications that
announce decisions are in :mod:`sessions.services.decision_notices`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.models import User
from sessions.models import (
    Decision,
    Outcome,
    Proposal,
    Review,
    Session,
    SessionType,
)
from sessions.rules import review as review_rules
from sessions.services.programme import session_create_from_proposal

ACCEPTING = (Outcome.ACCEPT,)


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def reviewed_q():
    """A proposal with at least one submitted review (as a queryset filter on proposals)."""
    return Exists(Review.objects.filter(proposal=OuterRef("pk"), status=Review.Status.SUBMITTED))


def unreviewed(proposals: Collection[Proposal]) -> list[Proposal]:
    """Those of ``proposals`` that nobody has reviewed (no submitted review), in their order."""
    reviewed = set(
        Proposal.objects.filter(pk__in=[p.pk for p in proposals])
        .filter(reviewed_q())
        .values_list("pk", flat=True)
    )
    return [p for p in proposals if p.pk not in reviewed]


class UnreviewedProposals(ValidationError):
    """A decision on proposals nobody reviewed, not confirmed: ``proposals`` lists them all, so
    that the page can show them before anything is recorded."""

    def __init__(self, proposals: list[Proposal]):
        self.proposals = proposals
        super().__init__(
            {
                "confirm_unreviewed": ngettext(
                    "%(count)s proposal has no review: confirm that you decide without one.",
                    "%(count)s proposals have no review: confirm that you decide without one.",
                    len(proposals),
                )
                % {"count": len(proposals)}
            }
        )


def _check_decider(by: User, proposal: Proposal) -> None:
    if not review_rules.can_decide_proposal.test(by, proposal):
        raise PermissionDenied(
            _("Only the secretariat decides, and never on a proposal it has a conflict with.")
        )


def _validate(
    *,
    proposal: Proposal,
    outcome: str,
    reason: str,
    conditions: str,
    merge_with: Proposal | None,
    offered_session_type: SessionType | None,
) -> None:
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose a decision from the list.")
    if not reason.strip():
        errors["reason"] = _("Record why, for the file (organizers do not see this).")
    if outcome == Outcome.ACCEPT_WITH_CONDITIONS and not conditions.strip():
        errors["conditions"] = _("State the conditions the organizers must accept.")
    if outcome == Outcome.MERGE:
        if merge_with is None:
            errors["merge_with"] = _("Choose the proposal to merge with.")
        elif merge_with.pk == proposal.pk or merge_with.forum_id != proposal.forum_id:
            errors["merge_with"] = _("Choose another proposal of the same forum.")
    if outcome == Outcome.OTHER_FORMAT:
        if offered_session_type is None:
            errors["offered_session_type"] = _("Choose the format to offer.")
        elif offered_session_type.forum_id != proposal.forum_id:
            errors["offered_session_type"] = _("Choose a session type of this forum.")
    if proposal.status != Proposal.Status.SUBMITTED or (
        proposal.eligibility != Proposal.Eligibility.ELIGIBLE
    ):
        errors["proposal"] = _("“%(title)s” is not an eligible, submitted proposal.") % {
            "title": proposal.title
        }
    if errors:
        raise ValidationError(errors)


def _apply_session(proposal: Proposal, outcome: str) -> None:
    session = Session.objects.filter(proposal=proposal).first()
    if outcome in ACCEPTING:
        session_create_from_proposal(proposal=proposal)
    elif session is not None:
        if session.starts_at is not None or session.room_id is not None:
            raise ValidationError(
                {
                    "outcome": _(
                        "“%(title)s” is already scheduled: take it off the schedule first."
                    )
                    % {"title": proposal.title}
                }
            )
        session.delete()


@transaction.atomic
def decision_record(
    *,
    proposal: Proposal,
    outcome: str,
    by: User,
    reason: str,
    conditions: str = "",
    merge_with: Proposal | None = None,
    offered_session_type: SessionType | None = None,
    comment_to_organizers: str = "",
    confirm_unreviewed: bool = False,
    now: dt.datetime | None = None,
) -> Decision:
    """Record a decision on ``proposal``. A proposal nobody has reviewed is decided only with
    ``confirm_unreviewed`` (else :class:`UnreviewedProposals`): a decision is the MAG's answer
    to its reviews, and the organizers are told so."""
    _check_decider(by, proposal)
    _validate(
        proposal=proposal,
        outcome=outcome,
        reason=reason,
        conditions=conditions,
        merge_with=merge_with,
        offered_session_type=offered_session_type,
    )
    Proposal.objects.select_for_update().filter(pk=proposal.pk).first()
    if not confirm_unreviewed and unreviewed([proposal]):
        raise UnreviewedProposals([proposal])
    current = Decision.objects.filter(proposal=proposal, is_current=True).first()
    if current is not None and (
        current.outcome,
        current.reason,
        current.conditions,
        current.merge_with_id,
        current.offered_session_type_id,
        current.comment_to_organizers,
    ) == (
        outcome,
        reason.strip(),
        conditions.strip() if outcome == Outcome.ACCEPT_WITH_CONDITIONS else "",
        merge_with.pk if merge_with is not None and outcome == Outcome.MERGE else None,
        offered_session_type.pk
        if offered_session_type is not None and outcome == Outcome.OTHER_FORMAT
        else None,
        comment_to_organizers.strip(),
    ):
        # The same decision again (a double click, a retried request): nothing new to record.
        return current
    Decision.objects.filter(proposal=proposal, is_current=True).update(is_current=False)
    decision = Decision.objects.create(
        proposal=proposal,
        outcome=outcome,
        reason=reason.strip(),
        conditions=conditions.strip() if outcome == Outcome.ACCEPT_WITH_CONDITIONS else "",
        merge_with=merge_with if outcome == Outcome.MERGE else None,
        offered_session_type=offered_session_type if outcome == Outcome.OTHER_FORMAT else None,
        comment_to_organizers=comment_to_organizers.strip(),
        decided_by=by,
        decided_at=_now(now),
    )
    _apply_session(proposal, outcome)
    return decision


@transaction.atomic
def decisions_bulk(
    *,
    proposals: list[Proposal],
    outcome: str,
    by: User,
    reason: str,
    comment_to_organizers: str = "",
    conditions: str = "",
    offered_session_type: SessionType | None = None,
    confirmed_unreviewed: Collection[int] = (),
    now: dt.datetime | None = None,
) -> list[Decision]:
    """The same decision on several proposals; all or none (one problem stops them all).

    Proposals nobody has reviewed are decided only when every one of them is listed in
    ``confirmed_unreviewed`` (the ids the secretariat was shown and confirmed); otherwise
    :class:`UnreviewedProposals` lists them all and nothing is recorded."""
    if not proposals:
        raise ValidationError({"proposals": _("Select at least one proposal.")})
    if outcome == Outcome.MERGE:
        raise ValidationError({"outcome": _("Suggest merges one proposal at a time.")})
    missing = unreviewed(proposals)
    confirmed = set(confirmed_unreviewed)
    if any(p.pk not in confirmed for p in missing):
        raise UnreviewedProposals(missing)
    return [
        decision_record(
            proposal=proposal,
            outcome=outcome,
            by=by,
            reason=reason,
            conditions=conditions,
            offered_session_type=offered_session_type,
            comment_to_organizers=comment_to_organizers,
            confirm_unreviewed=True,
            now=now,
        )
        for proposal in proposals
    ]


@transaction.atomic
def decision_respond(
    *, decision: Decision, user: User, accept: bool, now: dt.datetime | None = None
) -> Decision:
    """An organizer accepts or declines the conditions, the merger or the other format."""
    proposal = decision.proposal
    if not review_rules.is_proposal_organizer.test(user, proposal):
        raise PermissionDenied(_("Only the proposal's organizers can answer."))
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.is_current or decision.notified_at is None:
        raise ValidationError(_("This decision is no longer the current one."))
    if decision.outcome not in (
        Outcome.ACCEPT_WITH_CONDITIONS,
        Outcome.MERGE,
        Outcome.OTHER_FORMAT,
    ):
        raise ValidationError(_("This decision needs no answer."))
    if decision.organizer_response:
        raise ValidationError(_("The organizers have answered already."))
    decision.organizer_response = "accepted" if accept else "declined"
    decision.organizer_responded_at = _now(now)
    decision.save(update_fields=["organizer_response", "organizer_responded_at"])
    if accept and decision.outcome == Outcome.ACCEPT_WITH_CONDITIONS:
        session_create_from_proposal(proposal=proposal)
    elif accept and decision.outcome == Outcome.OTHER_FORMAT:
        # The session takes the offered type, and one of its durations.
        offered = decision.offered_session_type
        session = session_create_from_proposal(proposal=proposal)
        session.session_type = offered
        durations = offered.allowed_durations or []
        if durations and session.duration not in durations:
            session.duration = min(durations)
        session.save(update_fields=["session_type", "duration"])
    return decision
