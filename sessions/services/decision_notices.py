"""The notifications that announce decisions: the templates (stored or default), the mails they
render to each organizer, and sending them through the outbox. Recording decisions is in
:mod:`sessions.services.decisions`.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.mail import mail_queue
from forum.models import Forum, QueuedMail, User
from sessions.models import Decision, NotificationTemplate, Proposal, Review
from sessions.rules import review as review_rules
from sessions.services.review_setup import DEFAULT_TEMPLATES, review_setup_defaults


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
    now = now or timezone.now()
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
