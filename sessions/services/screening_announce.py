"""Announcing the screening results, deliberately and once (as decisions are).

The secretariat screens (:func:`sessions.services.screening.proposal_screen`, which tells nobody),
then announces: each proposal whose result differs from what its organizers were last told gets
one mail per organizer with the result at announcement, and that result is kept as announced
(``eligibility_announced``...). Changing one's mind before announcing sends nothing; a change
after an announcement needs a new announcement, which mails only the proposals whose result
changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.mail import absolute_url, mail_queue
from forum.models import Forum
from sessions.models import Proposal
from sessions.rules.proposals import can_screen_proposals


def screening_unannounced(forum: Forum) -> QuerySet[Proposal]:
    """The forum's screened, submitted proposals whose result its organizers have not been told
    (never announced, or changed since the last announcement)."""
    return (
        Proposal.objects.filter(forum=forum, status=Proposal.Status.SUBMITTED)
        .exclude(eligibility=Proposal.Eligibility.PENDING)
        .filter(
            ~Q(eligibility=F("eligibility_announced"))
            | ~Q(eligibility_reason=F("eligibility_reason_announced"))
        )
        .order_by("pk")
    )


def _mail_body(proposal: Proposal, link: str) -> str:
    if proposal.eligibility == Proposal.Eligibility.ELIGIBLE:
        result = _("it is eligible and goes on to the review by the MAG")
    else:
        result = _("it is not eligible")
    body = _('Your proposal "%(title)s" for %(forum)s has been screened: %(result)s.') % {
        "title": proposal.title,
        "forum": proposal.forum.name,
        "result": result,
    }
    if proposal.eligibility_reason:
        body += "\n\n" + proposal.eligibility_reason
    if proposal.eligibility_announced_at is not None:
        body += "\n\n" + _("This replaces the result announced earlier.")
    return body + "\n\n" + _("Your proposal: %(link)s") % {"link": link} + "\n"


@transaction.atomic
def screening_announce(
    *,
    forum: Forum,
    by,
    proposal_ids: Iterable[int] | None = None,
    notify: bool = True,
    now: dt.datetime | None = None,
) -> int:
    """Announce the results not announced yet (or those of ``proposal_ids`` among them): one
    mail per organizer of each, through the outbox. Returns how many proposals were announced.
    ``notify=False`` records the announcement without mail (the demo replays a past one)."""
    if not can_screen_proposals.test(by, forum):
        raise PermissionDenied(_("Only the secretariat announces the screening results."))
    now = now or timezone.now()
    proposals = screening_unannounced(forum).select_for_update(of=("self",))
    if proposal_ids is not None:
        proposals = proposals.filter(pk__in=list(proposal_ids))
    proposals = list(proposals.select_related("forum").prefetch_related("organizers"))
    if not proposals:
        raise ValidationError(_("There is no screening result to announce."))
    for proposal in proposals:
        if notify:
            link = absolute_url(
                reverse("proposal_detail", kwargs={"slug": proposal.forum.slug, "pk": proposal.pk})
            )
            body = _mail_body(proposal, link)
            for email in sorted({o.email.lower() for o in proposal.organizers.all() if o.email}):
                mail_queue(
                    to=email,
                    subject=_("Screening result for your proposal: %(title)s")
                    % {"title": proposal.title},
                    body=body,
                    forum=proposal.forum,
                )
        proposal.eligibility_announced = proposal.eligibility
        proposal.eligibility_reason_announced = proposal.eligibility_reason
        proposal.eligibility_announced_at = now
    Proposal.objects.bulk_update(
        proposals,
        ["eligibility_announced", "eligibility_reason_announced", "eligibility_announced_at"],
    )
    return len(proposals)
