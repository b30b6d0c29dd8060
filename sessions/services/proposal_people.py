"""The people of a proposal: storing its organizers and speakers (linked to accounts by email),
inviting the people named, and their answers."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.mail import absolute_url, mail_queue
from sessions.models import (
    Proposal,
    ProposalOrganizer,
    ProposalPerson,
)
from sessions.selectors.call import call_for
from sessions.services.proposal_input import ANSWERED, ProposalInput
from sessions.services.screening import proposal_refresh_criteria


def store_organizers(
    *, proposal: Proposal, data: ProposalInput, accounts: dict[str, int], is_new: bool
) -> None:
    """Replace the organizers with those ``data`` names, in order (the first is the primary)."""
    if not is_new:
        ProposalOrganizer.objects.filter(proposal=proposal).delete()
    organizers = []
    for index, o in enumerate(data.organizers):
        email = o.email.strip().lower()
        organizers.append(
            ProposalOrganizer(
                proposal=proposal,
                name=o.name.strip(),
                email=email,
                organisation=o.organisation.strip(),
                stakeholder_group=o.stakeholder_group,
                country=o.country,
                user_id=accounts.get(email),
                is_primary=index == 0,
                position=index,
            )
        )
    ProposalOrganizer.objects.bulk_create(organizers)
    proposal._organizer_keys = (
        {o.user_id for o in organizers if o.user_id},
        {o.email for o in organizers if o.email},
    )


def store_people(
    *, proposal: Proposal, data: ProposalInput, accounts: dict[str, int], is_new: bool
) -> None:
    """Speakers, moderators and the rapporteur, each keeping their stored row when it is theirs."""
    # People keep their row (and their answer) across edits unless their email changes.
    stored = {} if is_new else {p.pk: p for p in ProposalPerson.objects.filter(proposal=proposal)}
    keep, create = [], []
    for index, p in enumerate(data.people):
        email = p.email.strip().lower()
        row = stored.pop(p.id, None) if p.id else None
        if row is None:
            row = ProposalPerson(proposal=proposal)
            create.append(row)
        else:
            keep.append(row)
            if row.email != email:
                row.confirmation_token = uuid.uuid4()
                row.invited_at = row.answered_at = None
                row.confirmation = p.confirmation
        if row.confirmation not in ANSWERED or row.pk is None:
            row.confirmation = p.confirmation
        row.role = p.role
        row.name = p.name.strip()
        row.email = email
        row.organisation = p.organisation.strip()
        row.stakeholder_group = p.stakeholder_group
        row.country = p.country
        row.gender = p.gender.strip()
        row.participation = p.participation
        row.user_id = accounts.get(email)
        row.position = index
    if stored:
        ProposalPerson.objects.filter(pk__in=list(stored)).delete()
    if keep:
        ProposalPerson.objects.bulk_update(
            keep,
            [
                "role",
                "name",
                "email",
                "organisation",
                "stakeholder_group",
                "country",
                "gender",
                "participation",
                "confirmation",
                "confirmation_token",
                "invited_at",
                "answered_at",
                "user",
                "position",
            ],
        )
    ProposalPerson.objects.bulk_create(create)


def invite_people(*, proposal: Proposal, now: dt.datetime, site_url: str) -> int:
    """Email each named person who has not been asked yet a link to confirm or decline; returns
    how many were asked."""
    pending = list(
        proposal.people.filter(invited_at__isnull=True)
        .exclude(email="")
        .exclude(confirmation__in=ANSWERED)
    )
    for person in pending:
        link = absolute_url(
            site_url.rstrip("/")
            + reverse(
                "proposal_person_answer",
                kwargs={"slug": proposal.forum.slug, "token": person.confirmation_token},
            )
        )
        mail_queue(
            to=person.email,
            subject=_('Please confirm your part in "%(title)s" at %(forum)s')
            % {"title": proposal.title, "forum": proposal.forum.name},
            body=_(
                'Hello %(name)s,\n\n%(organizer)s has proposed the session "%(title)s" for '
                "%(forum)s and named you as %(role)s.\n\nPlease confirm or decline here:\n"
                "%(link)s\n"
            )
            % {
                "name": person.name,
                "organizer": proposal.organizers.all()[0].name
                if proposal.organizers.exists()
                else proposal.created_by.name,
                "title": proposal.title,
                "forum": proposal.forum.name,
                "role": person.get_role_display().lower(),
                "link": link,
            },
            forum=proposal.forum,
        )
        person.invited_at = now
    ProposalPerson.objects.bulk_update(pending, ["invited_at"])
    return len(pending)


@transaction.atomic
def proposal_person_answer(
    *, token: uuid.UUID, accept: bool, notify: bool = True, now: dt.datetime | None = None
) -> ProposalPerson:
    """The person named in a proposal confirms or declines through the link in their email."""
    now = now or timezone.now()
    person = (
        ProposalPerson.objects.select_for_update(of=("self",))
        .select_related("proposal", "proposal__forum", "proposal__forum__call")
        .filter(confirmation_token=token)
        .first()
    )
    if person is None or person.proposal.status == Proposal.Status.WITHDRAWN:
        raise ProposalPerson.DoesNotExist
    previous = person.confirmation
    person.confirmation = (
        ProposalPerson.Confirmation.CONFIRMED if accept else ProposalPerson.Confirmation.DECLINED
    )
    person.answered_at = now
    changed = person.confirmation != previous
    person.save(update_fields=["confirmation", "answered_at"])
    proposal = person.proposal
    proposal_refresh_criteria(proposal=proposal, call=call_for(forum=proposal.forum))
    if notify and changed:
        # The organizers learn of each answer, so that they can replace someone who declined.
        for email in sorted({o.email for o in proposal.organizers.all() if o.email}):
            mail_queue(
                to=email,
                subject=_("%(name)s has %(answer)s: %(title)s")
                % {
                    "name": person.name,
                    "answer": _("confirmed") if accept else _("declined"),
                    "title": proposal.title,
                },
                body=_(
                    '%(name)s, named as %(role)s in your proposal "%(title)s" for %(forum)s, '
                    "has %(answer)s.\n"
                )
                % {
                    "name": person.name,
                    "role": person.get_role_display().lower(),
                    "title": proposal.title,
                    "forum": proposal.forum.name,
                    "answer": _("confirmed") if accept else _("declined"),
                },
                forum=proposal.forum,
            )
    return person
