"""Writes of the proposals stage: drafting, submitting, withdrawing, speakers' answers.

Drafts are saved without checks beyond what can be stored; a submission is checked as a whole and
every problem is reported at once, keyed by the form field it belongs to.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.mail import absolute_url, mail_queue
from forum.models import Forum, User
from sessions.models import (
    CallForProposals,
    PolicyQuestion,
    Proposal,
)
from sessions.rules.proposals import is_proposal_organizer
from sessions.selectors.call import call_for, deadline_for
from sessions.services.proposal_checks import (
    check_complete,
    check_may_edit,
    check_may_propose,
    check_references,
    check_storable,
)
from sessions.services.proposal_input import (
    SCALAR_FIELDS,
    Errors,
    OrganizerInput,
    PersonInput,
    ProposalInput,
)
from sessions.services.proposal_people import (
    invite_people,
    proposal_person_answer,
    store_organizers,
    store_people,
)
from sessions.services.screening import proposal_refresh_criteria

# --- Writes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalSaved:
    """What a save did, so that the page can say it: ``draft`` (a draft saved), ``submitted``
    (newly submitted), ``changed`` (a submitted proposal's changes saved) or ``repeated`` (the same
    form sent again: the first request did the work); ``invited`` people were newly asked by
    email to confirm their part."""

    proposal: Proposal
    outcome: Literal["draft", "submitted", "changed", "repeated"]
    invited: int = 0


def proposal_save(
    *,
    forum: Forum,
    by: User,
    data: ProposalInput,
    submit: bool,
    proposal: Proposal | None = None,
    creation_key: uuid.UUID | None = None,
    now: dt.datetime | None = None,
    site_url: str = "",
) -> ProposalSaved:
    """Save a draft (``submit=False``) or submit; a submitted proposal's changes are always
    checked like a submission. Says what was done (see :class:`ProposalSaved`)."""
    if proposal is not None and proposal.status == Proposal.Status.SUBMITTED:
        submit = True
    return _write(
        forum=forum,
        by=by,
        data=data,
        proposal=proposal,
        creation_key=creation_key,
        now=now,
        submit=submit,
        site_url=site_url,
    )


def proposal_problems(
    *,
    forum: Forum,
    by: User,
    data: ProposalInput,
    proposal: Proposal | None = None,
    now: dt.datetime | None = None,
) -> dict[str, list[str]]:
    """What a submission of ``data`` would be refused for, without writing anything (so that a
    form with some unreadable fields can still list every other problem at once)."""
    errors = check_complete(
        forum=forum, data=data, by=by, proposal=proposal, now=now or timezone.now()
    )
    return errors.by_field


def proposal_save_draft(
    *,
    forum: Forum,
    by: User,
    data: ProposalInput,
    proposal: Proposal | None = None,
    creation_key: uuid.UUID | None = None,
    now: dt.datetime | None = None,
) -> Proposal:
    """Save what the organizer has typed so far, checked only for what can be stored.

    A submitted proposal stays submitted, so its changes are checked like a submission."""
    return proposal_save(
        forum=forum,
        by=by,
        data=data,
        proposal=proposal,
        creation_key=creation_key,
        now=now,
        submit=False,
    ).proposal


def proposal_submit(
    *,
    forum: Forum,
    by: User,
    data: ProposalInput,
    proposal: Proposal | None = None,
    creation_key: uuid.UUID | None = None,
    now: dt.datetime | None = None,
    notify: bool = True,
    site_url: str = "",
) -> Proposal:
    """Check everything and submit (or save the changes of a submitted proposal).

    Raises ValidationError listing every problem by field; nothing is stored then."""
    return _write(
        forum=forum,
        by=by,
        data=data,
        proposal=proposal,
        creation_key=creation_key,
        now=now,
        submit=True,
        notify=notify,
        site_url=site_url,
    ).proposal


def _write(
    *,
    forum: Forum,
    by: User,
    data: ProposalInput,
    proposal: Proposal | None,
    creation_key: uuid.UUID | None,
    now: dt.datetime | None,
    submit: bool,
    notify: bool = True,
    site_url: str = "",
) -> ProposalSaved:
    now = now or timezone.now()
    if proposal is None:
        check_may_propose(forum=forum, by=by)
    try:
        with transaction.atomic():
            # One person's writes are serialised, so that two at once cannot both pass the
            # per-person limit; submissions to a forum are serialised on its call, so that two
            # people at once cannot together pass an institution's or a speaker's limit.
            User.objects.select_for_update(of=("self",)).filter(pk=by.pk).first()
            if submit:
                CallForProposals.objects.select_for_update().filter(forum=forum).first()
            if proposal is None and creation_key is not None:
                existing = Proposal.objects.filter(creation_key=creation_key).first()
                if existing is not None:
                    if existing.forum_id != forum.pk or not is_proposal_organizer.test(
                        by, existing
                    ):
                        raise PermissionDenied(_("This form was already used."))
                    if existing.status != Proposal.Status.DRAFT:
                        # A double click or a retried request: the first one did the work.
                        return ProposalSaved(existing, "repeated")
                    proposal = existing
            if proposal is not None:
                proposal = (
                    Proposal.objects.select_for_update(of=("self",))
                    .select_related("forum", "session_type")
                    .get(pk=proposal.pk, forum=forum)
                )
                check_may_edit(proposal=proposal, by=by, now=now)
            if submit:
                errors = check_complete(forum=forum, data=data, by=by, proposal=proposal, now=now)
            else:
                errors = Errors()
                check_storable(data, errors)
                check_references(forum, data, errors)
                if data.session_type is not None:
                    deadline = deadline_for(forum=forum, session_type=data.session_type)
                    if deadline and now > deadline:
                        errors.add(
                            "session_type", _("The deadline for this session type has passed.")
                        )
            errors.raise_if_any()
            newly_submitted = submit and (
                proposal is None or proposal.status != Proposal.Status.SUBMITTED
            )
            proposal = _store(
                forum=forum,
                by=by,
                data=data,
                proposal=proposal,
                creation_key=creation_key,
                now=now,
                submit=submit,
            )
            invited = 0
            if submit and notify:
                if newly_submitted:
                    _send_receipt(proposal=proposal, site_url=site_url)
                invited = invite_people(proposal=proposal, now=now, site_url=site_url)
            proposal_refresh_criteria(proposal=proposal, call=call_for(forum=forum))
            outcome = "submitted" if newly_submitted else ("changed" if submit else "draft")
            return ProposalSaved(proposal, outcome, invited)
    except IntegrityError:
        # Two requests with the same creation key raced; the other one created the proposal.
        existing = (
            Proposal.objects.filter(creation_key=creation_key).first() if creation_key else None
        )
        if existing is None:
            raise
        return ProposalSaved(existing, "repeated")


def _store(
    *,
    forum: Forum,
    by: User,
    data: ProposalInput,
    proposal: Proposal | None,
    creation_key: uuid.UUID | None,
    now: dt.datetime,
    submit: bool,
) -> Proposal:
    """Write the proposal as ``data`` describes it: its fields, links, questions and people."""
    is_new = proposal is None
    proposal = _store_fields(
        forum=forum,
        by=by,
        data=data,
        proposal=proposal,
        creation_key=creation_key,
        now=now,
        submit=submit,
    )
    _store_links(proposal=proposal, data=data, is_new=is_new)
    accounts = _accounts_by_email(data)
    store_organizers(proposal=proposal, data=data, accounts=accounts, is_new=is_new)
    store_people(proposal=proposal, data=data, accounts=accounts, is_new=is_new)
    return proposal


def _store_fields(
    *,
    forum: Forum,
    by: User,
    data: ProposalInput,
    proposal: Proposal | None,
    creation_key: uuid.UUID | None,
    now: dt.datetime,
    submit: bool,
) -> Proposal:
    """The proposal's own fields (and its status when submitted), saved."""
    values = {name: getattr(data, name) for name in SCALAR_FIELDS}
    values["title"] = values["title"].strip()
    if proposal is None:
        proposal = Proposal(forum=forum, created_by=by, created_at=now, **values)
        if creation_key is not None:
            proposal.creation_key = creation_key
    else:
        for name, value in values.items():
            setattr(proposal, name, value)
    proposal.updated_at = now
    if submit and proposal.status != Proposal.Status.SUBMITTED:
        proposal.status = Proposal.Status.SUBMITTED
        proposal.submitted_at = now
    proposal.save()
    return proposal


def _store_links(*, proposal: Proposal, data: ProposalInput, is_new: bool) -> None:
    """SDGs, WSIS action lines and the policy questions."""
    if is_new:
        # Nothing to replace yet: add only (fewer queries when the demo makes hundreds).
        if data.sdgs:
            proposal.sdgs.add(*data.sdgs)
        if data.wsis_action_lines:
            proposal.wsis_action_lines.add(*data.wsis_action_lines)
    else:
        proposal.sdgs.set(data.sdgs)
        proposal.wsis_action_lines.set(data.wsis_action_lines)
        PolicyQuestion.objects.filter(proposal=proposal).delete()
    PolicyQuestion.objects.bulk_create(
        [
            PolicyQuestion(proposal=proposal, position=index, text=text.strip())
            for index, text in enumerate(q for q in data.policy_questions if q.strip())
        ]
    )


def _accounts_by_email(data: ProposalInput) -> dict[str, int]:
    """Email address -> account id, for the organizers and people ``data`` names."""
    emails = {o.email.strip().lower() for o in data.organizers if o.email.strip()}
    emails |= {p.email.strip().lower() for p in data.people if p.email.strip()}
    if not emails:
        return {}
    return dict(User.objects.filter(email__in=emails).values_list("email", "pk"))


def _send_receipt(*, proposal: Proposal, site_url: str) -> None:
    """Tell the organizers the proposal is in, with the address where they can follow it."""
    link = absolute_url(
        site_url.rstrip("/")
        + reverse("proposal_detail", kwargs={"slug": proposal.forum.slug, "pk": proposal.pk})
    )
    emails = sorted({o.email for o in proposal.organizers.all() if o.email})
    for email in emails:
        mail_queue(
            to=email,
            subject=_("Proposal received: %(title)s") % {"title": proposal.title},
            body=_(
                'Your proposal "%(title)s" (number %(number)s) for %(forum)s is submitted.\n\n'
                "You and your co-organizers can change it until the deadline and follow the "
                "speakers' answers and the screening here:\n%(link)s\n"
            )
            % {
                "title": proposal.title,
                "number": proposal.pk,
                "forum": proposal.forum.name,
                "link": link,
            },
            forum=proposal.forum,
        )


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, by: User, now: dt.datetime | None = None) -> Proposal:
    now = now or timezone.now()
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("forum", "session_type")
        .get(pk=proposal.pk)
    )
    check_may_edit(proposal=proposal, by=by, now=now)
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.updated_at = now
    proposal.save(update_fields=["status", "updated_at"])
    return proposal


# The proposal services as callers know them: ``sessions.services.proposals.<name>``.
__all__ = [
    "OrganizerInput",
    "PersonInput",
    "ProposalInput",
    "ProposalSaved",
    "proposal_person_answer",
    "proposal_problems",
    "proposal_save",
    "proposal_save_draft",
    "proposal_submit",
    "proposal_withdraw",
]
