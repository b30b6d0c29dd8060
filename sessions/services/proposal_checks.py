"""The checks of a proposal: what a draft must be to be stored, what a submission needs (every
problem at once, keyed by form field), the call's limits, and who may propose or edit."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.models import Forum, User
from forum.rules import is_active_user, is_mag_member
from sessions.models import (
    CallForProposals,
    Proposal,
    ProposalOrganizer,
    ProposalPerson,
)
from sessions.rules.proposals import is_proposal_organizer
from sessions.selectors.call import call_for, deadline_for
from sessions.services.proposal_input import (
    MAX_POLICY_QUESTIONS,
    SCALAR_FIELDS,
    SINGLE_ROLES,
    Errors,
    ProposalInput,
)
from sessions.services.proposal_limits import check_limits


def word_count(text: str) -> int:
    """How many words ``text`` holds (runs of non-space characters)."""
    return len(re.findall(r"\S+", text or ""))


def check_storable(data: ProposalInput, errors: Errors) -> None:
    """What any save needs, draft or not: lengths and formats the database can hold."""
    probe = Proposal(
        **{
            name: getattr(data, name)
            for name in SCALAR_FIELDS
            if name not in {"session_type", "theme", "subtheme"}
        }
    )
    try:
        probe.clean_fields(exclude=["forum", "session_type", "theme", "subtheme", "created_by"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                errors.add(name, message)
    if len([q for q in data.policy_questions if q.strip()]) > MAX_POLICY_QUESTIONS:
        errors.add("policy_questions", _("Ask at most three policy questions."))
    for index, question in enumerate(data.policy_questions):
        if len(question) > 1000:
            errors.add(
                f"policy_question_{index + 1}", _("Keep each question under 1,000 characters.")
            )
    for index, organizer in enumerate(data.organizers):
        _check_person_storable(
            ProposalOrganizer, organizer, organizer.key or f"organizers-{index}", errors
        )
    for index, person in enumerate(data.people):
        _check_person_storable(ProposalPerson, person, person.key or f"people-{index}", errors)


def _check_person_storable(model, person, key: str, errors: Errors) -> None:
    values = {
        "name": person.name,
        "email": person.email,
        "organisation": person.organisation,
        "country": person.country,
    }
    if model is ProposalPerson:
        values.update(
            gender=person.gender,
            role=person.role,
            participation=person.participation,
            confirmation=ProposalPerson.Confirmation.PROVISIONAL,
        )
    probe = model(**values)
    exclude = ["proposal", "user", "stakeholder_group", "name"]
    try:
        probe.clean_fields(exclude=exclude)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                errors.add(f"{key}-{name}", message)
    if len(person.name) > 200:
        errors.add(f"{key}-name", _("Keep the name under 200 characters."))
    if model is ProposalPerson and person.confirmation not in (
        ProposalPerson.Confirmation.PROVISIONAL,
        ProposalPerson.Confirmation.INVITED,
    ):
        errors.add(f"{key}-confirmation", _("Choose provisionally confirmed or invited."))


def check_complete(
    *, forum: Forum, data: ProposalInput, by: User, proposal: Proposal | None, now: dt.datetime
) -> Errors:
    """Everything a submission needs, every problem at once."""
    errors = Errors()
    check_storable(data, errors)
    call = call_for(forum=forum)
    if call is None:
        errors.add("__all__", _("This forum has no call for proposals."))
        return errors
    _check_window(forum=forum, call=call, data=data, now=now, errors=errors)
    if not data.title.strip():
        errors.add("title", _("Give the session a title."))
    _check_session_type(forum=forum, data=data, errors=errors)
    _check_theme(forum=forum, data=data, errors=errors)
    _check_content(call=call, data=data, errors=errors)
    _check_organizers(data=data, errors=errors)
    _check_people(call=call, data=data, errors=errors)
    check_limits(forum=forum, call=call, data=data, by=by, proposal=proposal, errors=errors)
    return errors


def _check_window(
    *, forum: Forum, call: CallForProposals, data: ProposalInput, now: dt.datetime, errors: Errors
) -> None:
    """The call's window and the type's own deadline."""
    stype = data.session_type
    if now < call.opens_at:
        errors.add("__all__", _("The call for proposals has not opened yet."))
    deadline = deadline_for(forum=forum, session_type=stype)
    if deadline and now > deadline:
        errors.add(
            "session_type" if stype else "__all__",
            _("The deadline for this session type has passed."),
        )


def _check_session_type(*, forum: Forum, data: ProposalInput, errors: Errors) -> None:
    """The session type, and its rules on organizers, duration and format."""
    stype = data.session_type
    if stype is None:
        errors.add("session_type", _("Choose a session type."))
        return
    if stype.forum_id != forum.pk or not stype.open_for_proposals:
        errors.add("session_type", _("This session type does not take proposals."))
        return
    allowed = list(stype.allowed_stakeholder_groups.all())
    allowed_groups = {g.pk for g in allowed}
    primary = data.organizers[0] if data.organizers else None
    group = primary.stakeholder_group if primary else None
    if allowed_groups and (group is None or group.pk not in allowed_groups):
        names = ", ".join(g.name for g in allowed)
        errors.add(
            "session_type",
            _(
                "%(type)s sessions are organised by: %(groups)s. The first organizer's stakeholder group does not match."
            )
            % {"type": stype.name, "groups": names},
        )
    if data.duration is None:
        errors.add("duration", _("Choose a duration."))
    elif stype.allowed_durations and data.duration not in stype.allowed_durations:
        errors.add(
            "duration",
            _("%(type)s sessions last %(durations)s minutes.")
            % {
                "type": stype.name,
                "durations": _(" or ").join(str(d) for d in stype.allowed_durations),
            },
        )
    if not data.format:
        errors.add("format", _("Choose a format."))
    elif stype.allowed_formats and data.format not in stype.allowed_formats:
        errors.add(
            "format",
            _("This format is not offered for %(type)s sessions.") % {"type": stype.name},
        )


def _check_theme(*, forum: Forum, data: ProposalInput, errors: Errors) -> None:
    if data.theme is None:
        errors.add("theme", _("Choose a theme."))
    elif data.theme.forum_id != forum.pk or data.theme.parent_id is not None:
        errors.add("theme", _("Choose one of this forum's themes."))
    elif data.subtheme is not None and data.subtheme.parent_id != data.theme.pk:
        errors.add("subtheme", _("Choose a sub-theme of the theme you chose."))
    elif data.subtheme is None and data.theme.subthemes.exists():
        errors.add("subtheme", _("Choose a sub-theme."))


def _check_content(*, call: CallForProposals, data: ProposalInput, errors: Errors) -> None:
    """Policy questions, description, expected outcomes and the interaction plan."""
    questions = [q for q in data.policy_questions if q.strip()]
    if not questions:
        errors.add("policy_questions", _("Ask at least one policy question."))
    if not data.description.strip():
        errors.add("description", _("Describe the session."))
    elif word_count(data.description) > call.description_word_limit:
        errors.add(
            "description",
            ngettext(
                "The description has %(count)s word; the limit is %(limit)s.",
                "The description has %(count)s words; the limit is %(limit)s.",
                word_count(data.description),
            )
            % {"count": word_count(data.description), "limit": call.description_word_limit},
        )
    if not data.expected_outcomes.strip():
        errors.add("expected_outcomes", _("Say what the session is expected to produce."))
    if not data.interaction_plan.strip():
        errors.add("interaction_plan", _("Say how onsite and online participants will interact."))


def _check_organizers(*, data: ProposalInput, errors: Errors) -> None:
    if not data.organizers:
        errors.add("organizers", _("Name at least one organizer."))
    for index, organizer in enumerate(data.organizers):
        _check_identity(organizer, organizer.key or f"organizers-{index}", errors)


def _check_people(*, call: CallForProposals, data: ProposalInput, errors: Errors) -> None:
    """Speakers (as many as the type wants), moderators and the rapporteur (one each)."""
    stype = data.session_type
    speakers = [p for p in data.people if p.role == ProposalPerson.Role.SPEAKER]
    if stype is not None:
        if len(speakers) < stype.min_speakers:
            errors.add(
                "speakers",
                ngettext(
                    "Name at least %(min)s speaker; you named %(count)s.",
                    "Name at least %(min)s speakers; you named %(count)s.",
                    stype.min_speakers,
                )
                % {"min": stype.min_speakers, "count": len(speakers)},
            )
        if len(speakers) > stype.max_speakers:
            errors.add(
                "speakers",
                ngettext(
                    "Name at most %(max)s speaker; you named %(count)s.",
                    "Name at most %(max)s speakers; you named %(count)s.",
                    stype.max_speakers,
                )
                % {"max": stype.max_speakers, "count": len(speakers)},
            )
    for role in SINGLE_ROLES:
        holders = [p for p in data.people if p.role == role]
        label = ProposalPerson.Role(role).label.lower()
        if not holders and call.require_moderators:
            errors.add(role, _("Name the %(role)s.") % {"role": label})
        if len(holders) > 1:
            errors.add(role, _("Name one %(role)s only.") % {"role": label})
    for index, person in enumerate(data.people):
        _check_identity(person, person.key or f"people-{index}", errors)


def _check_identity(person, key: str, errors: Errors) -> None:
    if not person.name.strip():
        errors.add(f"{key}-name", _("Give the name."))
    if not person.organisation.strip():
        errors.add(f"{key}-organisation", _("Give the organisation."))
    if person.stakeholder_group is None:
        errors.add(f"{key}-stakeholder_group", _("Choose the stakeholder group."))
    if not person.country:
        errors.add(f"{key}-country", _("Choose the country."))


def check_may_propose(*, forum: Forum, by: User) -> None:
    if not is_active_user(by):
        raise PermissionDenied(_("Log in to propose a session."))
    call = call_for(forum=forum)
    if call is None:
        raise PermissionDenied(_("This forum has no call for proposals."))
    if is_mag_member.test(by, forum) and not call.mag_may_submit:
        raise PermissionDenied(_("MAG members may not submit proposals in this call."))


def check_may_edit(*, proposal: Proposal, by: User, now: dt.datetime) -> None:
    if not is_proposal_organizer.test(by, proposal):
        raise PermissionDenied(_("Only the proposal's organizers may change it."))
    if proposal.status == Proposal.Status.WITHDRAWN:
        raise PermissionDenied(_("This proposal was withdrawn."))
    deadline = deadline_for(forum=proposal.forum, session_type=proposal.session_type)
    if deadline and now > deadline:
        raise PermissionDenied(_("The deadline has passed; the proposal can no longer be changed."))


def check_references(forum: Forum, data: ProposalInput, errors: Errors) -> None:
    """Chosen objects must belong to this forum, even in a draft."""
    if data.session_type is not None and data.session_type.forum_id != forum.pk:
        errors.add("session_type", _("Choose one of this forum's session types."))
    if data.theme is not None and data.theme.forum_id != forum.pk:
        errors.add("theme", _("Choose one of this forum's themes."))
    if data.subtheme is not None and data.subtheme.forum_id != forum.pk:
        errors.add("subtheme", _("Choose one of this forum's sub-themes."))
