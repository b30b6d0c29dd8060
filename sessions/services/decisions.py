"""Decisions on proposals and the notifications that announce them.

Every decision is a new :class:`~sessions.models.Decision` row (who, when, why); the previous one
stays as history. Accepting a proposal creates its programme session.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.mail import mail_queue
from forum.models import Forum, QueuedMail, User
from sessions.models import (
    Decision,
    NotificationTemplate,
    Outcome,
    Proposal,
    Review,
    Session,
    SessionType,
)
from sessions.rules import review as review_rules
from sessions.services.programme import session_create_from_proposal
from sessions.services.review_setup import DEFAULT_TEMPLATES, review_setup_defaults

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


# --- Notifications --------------------------------------------------------------------------------


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


@dataclass(frozen=True)
class RenderedMail:
    to: str
    subject: str
    body: str


def site_root(site_url: str = "") -> str:
    """The address mails link to: the request's (from a view) or ``SITE_URL`` (from a task)."""
    return (site_url or getattr(settings, "SITE_URL", "")).rstrip("/")


def outcome_url(proposal: Proposal, site_url: str = "") -> str:
    path = reverse(
        "proposal_outcome", kwargs={"slug": proposal.forum.slug, "proposal_id": proposal.pk}
    )
    return site_root(site_url) + path


def organizer_comments(proposal: Proposal) -> list[str]:
    """The reviewers' comments to the organizers, without names, in a stable order."""
    return list(
        Review.objects.filter(proposal=proposal, status=Review.Status.SUBMITTED)
        .exclude(comment_to_organizers="")
        .order_by("pk")
        .values_list("comment_to_organizers", flat=True)
    )


def render(
    *, subject: str, body: str, decision: Decision, organizer_name: str, site_url: str = ""
) -> RenderedMail:
    proposal = decision.proposal
    comments = organizer_comments(proposal)
    values = _Blank(
        forum=proposal.forum.name,
        title=proposal.title,
        organizer_name=organizer_name,
        decision=decision.get_outcome_display(),
        conditions=decision.conditions,
        merge_with=decision.merge_with.title if decision.merge_with_id else "",
        offered_format=decision.offered_session_type.name
        if decision.offered_session_type_id
        else "",
        message=decision.comment_to_organizers,
        comments="\n".join(f"- {c}" for c in comments) or _("(none)"),
        link=outcome_url(proposal, site_url),
    )
    formatter = string.Formatter()
    return RenderedMail(
        to="",
        subject=formatter.vformat(subject, (), values).replace("\n", " ")[:300],
        body=formatter.vformat(body, (), values),
    )


def templates_for(forum: Forum) -> dict[str, NotificationTemplate]:
    stored = {t.outcome: t for t in forum.notification_templates.all()}
    for outcome, (subject, body) in DEFAULT_TEMPLATES.items():
        stored.setdefault(
            outcome, NotificationTemplate(forum=forum, outcome=outcome, subject=subject, body=body)
        )
    return stored


def pending_notifications(forum: Forum, viewer: User):
    """Current decisions not announced yet, leaving out the viewer's conflicts of interest."""
    return (
        Decision.objects.filter(proposal__forum=forum, is_current=True, notified_at__isnull=True)
        .exclude(review_rules.conflict_q(viewer, "proposal"))
        # Shown on the list to announce: a decision no review supports stands out.
        .annotate(
            proposal_reviewed=Exists(
                Review.objects.filter(proposal=OuterRef("proposal"), status=Review.Status.SUBMITTED)
            )
        )
        .select_related("proposal__forum", "merge_with", "offered_session_type")
        .prefetch_related("proposal__organizers")
        .order_by("proposal_id")
    )


def mails_for(
    decision: Decision, template: NotificationTemplate, site_url: str = ""
) -> list[RenderedMail]:
    mails = []
    seen = set()
    for organizer in decision.proposal.organizers.all():
        email = (organizer.email or (organizer.user.email if organizer.user_id else "")).lower()
        if not email or email in seen:
            continue
        seen.add(email)
        rendered = render(
            subject=template.subject,
            body=template.body,
            decision=decision,
            organizer_name=organizer.name,
            site_url=site_url,
        )
        mails.append(RenderedMail(to=email, subject=rendered.subject, body=rendered.body))
    return mails


@transaction.atomic
def template_update(
    *, forum: Forum, outcome: str, subject: str, body: str, by: User
) -> NotificationTemplate:
    if not review_rules.can_manage_review.test(by, forum):
        raise PermissionDenied(_("Only the secretariat edits the notifications."))
    template = NotificationTemplate.objects.filter(forum=forum, outcome=outcome).first()
    template = template or NotificationTemplate(forum=forum, outcome=outcome)
    template.subject, template.body = subject, body
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def notifications_send(
    *,
    forum: Forum,
    by: User,
    decision_ids: list[int] | None = None,
    now: dt.datetime | None = None,
    site_url: str = "",
) -> int:
    """Queue the notification of every current decision not yet announced (or of those
    listed), one mail per organizer, through the outbox. Returns how many mails were queued."""
    if not review_rules.can_manage_review.test(by, forum):
        raise PermissionDenied(_("Only the secretariat sends the notifications."))
    now = _now(now)
    review_setup_defaults(forum=forum)
    templates = templates_for(forum)
    decisions = pending_notifications(forum, viewer=by).select_for_update(of=("self",))
    if decision_ids is not None:
        decisions = decisions.filter(pk__in=decision_ids)
    queued: list[int] = []
    notified: list[int] = []
    for decision in decisions:
        for mail in mails_for(decision, templates[decision.outcome], site_url):
            queued.append(
                mail_queue(to=mail.to, subject=mail.subject, body=mail.body, forum=forum).pk
            )
        notified.append(decision.pk)
    Decision.objects.filter(pk__in=notified).update(notified_at=now)
    # The outbox row is dated when the notification was sent (the demo replays a fixed date).
    QueuedMail.objects.filter(pk__in=queued).update(created_at=now)
    return len(queued)
