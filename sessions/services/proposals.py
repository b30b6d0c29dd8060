"""Writes of the proposals stage: drafting, submitting, withdrawing, speakers' answers.

Drafts are saved without checks beyond what can be stored; a submission is checked as a whole and
every problem is reported at once, keyed by the form field it belongs to.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import Lower, Trim
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.mail import mail_queue
from forum.models import SDG, Forum, StakeholderGroup, Theme, User, WSISActionLine
from forum.rules import is_mag_member
from sessions.models import (
    CallForProposals,
    PolicyQuestion,
    Proposal,
    ProposalOrganizer,
    ProposalPerson,
    SessionType,
)
from sessions.rules.proposals import is_proposal_organizer
from sessions.services.screening import proposal_refresh_criteria

MAX_POLICY_QUESTIONS = 3
SINGLE_ROLES = (
    ProposalPerson.Role.ONSITE_MODERATOR,
    ProposalPerson.Role.ONLINE_MODERATOR,
    ProposalPerson.Role.RAPPORTEUR,
)
ANSWERED = (ProposalPerson.Confirmation.CONFIRMED, ProposalPerson.Confirmation.DECLINED)


@dataclass
class OrganizerInput:
    name: str = ""
    email: str = ""
    organisation: str = ""
    stakeholder_group: StakeholderGroup | None = None
    country: str = ""
    #: Where errors about this organizer are shown (a form prefix such as "organizers-0").
    key: str = ""


@dataclass
class PersonInput:
    role: str = ProposalPerson.Role.SPEAKER
    name: str = ""
    email: str = ""
    organisation: str = ""
    stakeholder_group: StakeholderGroup | None = None
    country: str = ""
    gender: str = ""
    participation: str = ProposalPerson.Participation.ONSITE
    #: What the organizer says: provisional or invited. Confirmed/declined come from the person.
    confirmation: str = ProposalPerson.Confirmation.PROVISIONAL
    #: The stored row this input edits, if any.
    id: int | None = None
    key: str = ""


@dataclass
class ProposalInput:
    session_type: SessionType | None = None
    title: str = ""
    duration: int | None = None
    format: str = ""
    room_layout: str = ""
    theme: Theme | None = None
    subtheme: Theme | None = None
    description: str = ""
    expected_outcomes: str = ""
    interaction_plan: str = ""
    sdgs: list[SDG] = field(default_factory=list)
    sdg_targets: str = ""
    sdg_relevance: str = ""
    wsis_action_lines: list[WSISActionLine] = field(default_factory=list)
    first_time_organizer: bool = False
    developing_country_organizer: bool = False
    accessibility_needs: str = ""
    previous_report_url: str = ""
    related_links: str = ""
    reference: str = ""
    policy_questions: list[str] = field(default_factory=list)
    organizers: list[OrganizerInput] = field(default_factory=list)
    people: list[PersonInput] = field(default_factory=list)


SCALAR_FIELDS = [
    "session_type",
    "title",
    "duration",
    "format",
    "room_layout",
    "theme",
    "subtheme",
    "description",
    "expected_outcomes",
    "interaction_plan",
    "sdg_targets",
    "sdg_relevance",
    "first_time_organizer",
    "developing_country_organizer",
    "accessibility_needs",
    "previous_report_url",
    "related_links",
    "reference",
]


class Errors:
    """Problems keyed by form field; turned into one ValidationError."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, key: str, message: str) -> None:
        self.by_field.setdefault(key or "__all__", []).append(message)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


# --- Reads the services share --------------------------------------------------------------------


def call_for(forum: Forum) -> CallForProposals | None:
    try:
        return forum.call
    except CallForProposals.DoesNotExist:
        return None


def deadline_for(*, forum: Forum, session_type: SessionType | None) -> dt.datetime | None:
    """The last moment proposals of this type may be submitted or edited."""
    if session_type is not None and session_type.deadline:
        return session_type.deadline
    call = call_for(forum)
    return call.closes_at if call else None


def call_last_deadline(forum: Forum) -> dt.datetime | None:
    """The latest moment any session type of the call still takes proposals."""
    call = call_for(forum)
    if call is None:
        return None
    deadlines = [
        t.deadline or call.closes_at
        for t in SessionType.objects.filter(forum=forum, open_for_proposals=True)
    ]
    return max(deadlines, default=call.closes_at)


def call_is_open(forum: Forum, now: dt.datetime | None = None) -> bool:
    call = call_for(forum)
    if call is None:
        return False
    now = now or timezone.now()
    last = call_last_deadline(forum)
    return call.opens_at <= now <= last


def words(text: str) -> int:
    return len(re.findall(r"\S+", text or ""))


# --- Checks -------------------------------------------------------------------------------------


def _check_storable(data: ProposalInput, errors: Errors) -> None:
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


def _check_complete(
    *, forum: Forum, data: ProposalInput, by: User, proposal: Proposal | None, now: dt.datetime
) -> Errors:
    """Everything a submission needs, every problem at once."""
    errors = Errors()
    _check_storable(data, errors)
    call = call_for(forum)
    stype = data.session_type
    if call is None:
        errors.add("__all__", _("This forum has no call for proposals."))
        return errors

    # The call's window and the type's own deadline.
    if now < call.opens_at:
        errors.add("__all__", _("The call for proposals has not opened yet."))
    deadline = deadline_for(forum=forum, session_type=stype)
    if deadline and now > deadline:
        errors.add(
            "session_type" if stype else "__all__",
            _("The deadline for this session type has passed."),
        )

    # The session and its type's rules.
    if not data.title.strip():
        errors.add("title", _("Give the session a title."))
    if stype is None:
        errors.add("session_type", _("Choose a session type."))
    elif stype.forum_id != forum.pk or not stype.open_for_proposals:
        errors.add("session_type", _("This session type does not take proposals."))
    else:
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

    if data.theme is None:
        errors.add("theme", _("Choose a theme."))
    elif data.theme.forum_id != forum.pk or data.theme.parent_id is not None:
        errors.add("theme", _("Choose one of this forum's themes."))
    elif data.subtheme is not None and data.subtheme.parent_id != data.theme.pk:
        errors.add("subtheme", _("Choose a sub-theme of the theme you chose."))
    elif data.subtheme is None and data.theme.subthemes.exists():
        errors.add("subtheme", _("Choose a sub-theme."))

    questions = [q for q in data.policy_questions if q.strip()]
    if not questions:
        errors.add("policy_questions", _("Ask at least one policy question."))
    if not data.description.strip():
        errors.add("description", _("Describe the session."))
    elif words(data.description) > call.description_word_limit:
        errors.add(
            "description",
            _("The description has %(count)s words; the limit is %(limit)s.")
            % {"count": words(data.description), "limit": call.description_word_limit},
        )
    if not data.expected_outcomes.strip():
        errors.add("expected_outcomes", _("Say what the session is expected to produce."))
    if not data.interaction_plan.strip():
        errors.add("interaction_plan", _("Say how onsite and online participants will interact."))

    # Organizers.
    if not data.organizers:
        errors.add("organizers", _("Name at least one organizer."))
    for index, organizer in enumerate(data.organizers):
        key = organizer.key or f"organizers-{index}"
        _check_identity(organizer, key, errors)

    # Speakers, moderators, rapporteur.
    speakers = [p for p in data.people if p.role == ProposalPerson.Role.SPEAKER]
    if stype is not None:
        if len(speakers) < stype.min_speakers:
            errors.add(
                "speakers",
                _("Name at least %(min)s speakers; you named %(count)s.")
                % {"min": stype.min_speakers, "count": len(speakers)},
            )
        if len(speakers) > stype.max_speakers:
            errors.add(
                "speakers",
                _("Name at most %(max)s speakers; you named %(count)s.")
                % {"max": stype.max_speakers, "count": len(speakers)},
            )
    for role in SINGLE_ROLES:
        holders = [p for p in data.people if p.role == role]
        if not holders and call.require_moderators:
            errors.add(
                role, _("Name the %(role)s.") % {"role": ProposalPerson.Role(role).label.lower()}
            )
        if len(holders) > 1:
            errors.add(
                role,
                _("Name one %(role)s only.") % {"role": ProposalPerson.Role(role).label.lower()},
            )
    for index, person in enumerate(data.people):
        key = person.key or f"people-{index}"
        _check_identity(person, key, errors)

    _check_limits(forum=forum, call=call, data=data, by=by, proposal=proposal, errors=errors)
    return errors


def _check_identity(person, key: str, errors: Errors) -> None:
    if not person.name.strip():
        errors.add(f"{key}-name", _("Give the name."))
    if not person.organisation.strip():
        errors.add(f"{key}-organisation", _("Give the organisation."))
    if person.stakeholder_group is None:
        errors.add(f"{key}-stakeholder_group", _("Choose the stakeholder group."))
    if not person.country:
        errors.add(f"{key}-country", _("Choose the country."))


def _live_proposals(forum: Forum, proposal: Proposal | None):
    qs = Proposal.objects.filter(forum=forum, status=Proposal.Status.SUBMITTED)
    if proposal is not None and proposal.pk:
        qs = qs.exclude(pk=proposal.pk)
    return qs


def _proposal_counts(rows, key: str) -> dict[str, int]:
    """{value of ``key``: number of distinct proposals} from rows of a person-like model."""
    return dict(
        rows.order_by()
        .values(key)
        .annotate(n=Count("proposal_id", distinct=True))
        .values_list(key, "n")
    )


def _check_limits(
    *,
    forum: Forum,
    call: CallForProposals,
    data: ProposalInput,
    by: User,
    proposal: Proposal | None,
    errors: Errors,
) -> None:
    """The call's limits, each counted among the other submitted proposals of the forum (drafts
    and withdrawn proposals do not count). One query per limit, whatever the number of people."""
    others = _live_proposals(forum, proposal)
    other_ids = others.values("pk")
    if call.max_proposals_per_person is not None:
        limit = call.max_proposals_per_person
        mine = others.filter(Q(created_by=by) | Q(organizers__user=by)).distinct().count()
        if mine >= limit:
            errors.add(
                "__all__",
                _(
                    "You already organise %(count)s submitted proposals; a person may organise at most %(limit)s."
                )
                % {"count": mine, "limit": limit},
            )
        emails = {o.email.strip().lower() for o in data.organizers if o.email.strip()} - {
            by.email.lower()
        }
        counts = (
            _proposal_counts(
                ProposalOrganizer.objects.filter(proposal__in=other_ids, email__in=emails),
                "email",
            )
            if emails
            else {}
        )
        for index, organizer in enumerate(data.organizers):
            count = counts.get(organizer.email.strip().lower(), 0)
            if count >= limit:
                errors.add(
                    f"{organizer.key or f'organizers-{index}'}-email",
                    _(
                        "This organizer already organises %(count)s submitted proposals, the most allowed."
                    )
                    % {"count": count},
                )
    if call.max_proposals_per_institution is not None:
        limit = call.max_proposals_per_institution
        names = {o.organisation.strip().lower() for o in data.organizers if o.organisation.strip()}
        counts = (
            _proposal_counts(
                ProposalOrganizer.objects.filter(proposal__in=other_ids)
                .annotate(institution=Lower(Trim("organisation")))
                .filter(institution__in=names),
                "institution",
            )
            if names
            else {}
        )
        seen = set()
        for index, organizer in enumerate(data.organizers):
            institution = organizer.organisation.strip().lower()
            if not institution or institution in seen:
                continue
            seen.add(institution)
            count = counts.get(institution, 0)
            if count >= limit:
                errors.add(
                    f"{organizer.key or f'organizers-{index}'}-organisation",
                    _(
                        "%(institution)s already organises %(count)s submitted proposals; an institution may organise at most %(limit)s."
                    )
                    % {
                        "institution": organizer.organisation.strip(),
                        "count": count,
                        "limit": limit,
                    },
                )
    if call.max_sessions_per_speaker is not None:
        limit = call.max_sessions_per_speaker
        speakers = [p for p in data.people if p.role == ProposalPerson.Role.SPEAKER]
        emails = {p.email.strip().lower() for p in speakers if p.email.strip()}
        counts = (
            _proposal_counts(
                ProposalPerson.objects.filter(
                    proposal__in=other_ids, role=ProposalPerson.Role.SPEAKER, email__in=emails
                ).exclude(confirmation=ProposalPerson.Confirmation.DECLINED),
                "email",
            )
            if emails
            else {}
        )
        for index, person in enumerate(data.people):
            email = person.email.strip().lower()
            if person.role != ProposalPerson.Role.SPEAKER or not email:
                continue
            count = counts.get(email, 0)
            if count >= limit:
                errors.add(
                    f"{person.key or f'people-{index}'}-email",
                    _(
                        "This speaker is already in %(count)s submitted proposals; a speaker may be in at most %(limit)s."
                    )
                    % {"count": count, "limit": limit},
                )


def _check_may_propose(*, forum: Forum, by: User) -> None:
    if not by.is_authenticated or not by.is_active:
        raise PermissionDenied(_("Log in to propose a session."))
    call = call_for(forum)
    if call is None:
        raise PermissionDenied(_("This forum has no call for proposals."))
    if is_mag_member.test(by, forum) and not call.mag_may_submit:
        raise PermissionDenied(_("MAG members may not submit proposals in this call."))


def _check_may_edit(*, proposal: Proposal, by: User, now: dt.datetime) -> None:
    if not is_proposal_organizer.test(by, proposal):
        raise PermissionDenied(_("Only the proposal's organizers may change it."))
    if proposal.status == Proposal.Status.WITHDRAWN:
        raise PermissionDenied(_("This proposal was withdrawn."))
    deadline = deadline_for(forum=proposal.forum, session_type=proposal.session_type)
    if deadline and now > deadline:
        raise PermissionDenied(_("The deadline has passed; the proposal can no longer be changed."))


# --- Writes -------------------------------------------------------------------------------------


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
    errors = _check_complete(
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
    if proposal is not None and proposal.status == Proposal.Status.SUBMITTED:
        return proposal_submit(forum=forum, by=by, data=data, proposal=proposal, now=now)
    return _write(
        forum=forum,
        by=by,
        data=data,
        proposal=proposal,
        creation_key=creation_key,
        now=now,
        submit=False,
    )


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
    )


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
) -> Proposal:
    now = now or timezone.now()
    if proposal is None:
        _check_may_propose(forum=forum, by=by)
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
                        return existing
                    proposal = existing
            if proposal is not None:
                proposal = (
                    Proposal.objects.select_for_update(of=("self",))
                    .select_related("forum", "session_type")
                    .get(pk=proposal.pk, forum=forum)
                )
                _check_may_edit(proposal=proposal, by=by, now=now)
            if submit:
                errors = _check_complete(forum=forum, data=data, by=by, proposal=proposal, now=now)
            else:
                errors = Errors()
                _check_storable(data, errors)
                _check_references(forum, data, errors)
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
            if submit and notify:
                if newly_submitted:
                    _send_receipt(proposal=proposal, site_url=site_url)
                _invite_people(proposal=proposal, now=now, site_url=site_url)
            proposal_refresh_criteria(proposal=proposal, call=call_for(forum))
            return proposal
    except IntegrityError:
        # Two requests with the same creation key raced; the other one created the proposal.
        existing = (
            Proposal.objects.filter(creation_key=creation_key).first() if creation_key else None
        )
        if existing is None:
            raise
        return existing


def _check_references(forum: Forum, data: ProposalInput, errors: Errors) -> None:
    """Chosen objects must belong to this forum, even in a draft."""
    if data.session_type is not None and data.session_type.forum_id != forum.pk:
        errors.add("session_type", _("Choose one of this forum's session types."))
    if data.theme is not None and data.theme.forum_id != forum.pk:
        errors.add("theme", _("Choose one of this forum's themes."))
    if data.subtheme is not None and data.subtheme.forum_id != forum.pk:
        errors.add("subtheme", _("Choose one of this forum's sub-themes."))


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
    values = {name: getattr(data, name) for name in SCALAR_FIELDS}
    values["title"] = values["title"].strip()
    is_new = proposal is None
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

    emails = {o.email.strip().lower() for o in data.organizers if o.email.strip()}
    emails |= {p.email.strip().lower() for p in data.people if p.email.strip()}
    accounts = (
        dict(User.objects.filter(email__in=emails).values_list("email", "pk")) if emails else {}
    )

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
    proposal._organizer_user_ids = {o.user_id for o in organizers}

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
    return proposal


def _send_receipt(*, proposal: Proposal, site_url: str) -> None:
    """Tell the organizers the proposal is in, with the address where they can follow it."""
    link = site_url.rstrip("/") + reverse(
        "proposal_detail", kwargs={"slug": proposal.forum.slug, "pk": proposal.pk}
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


def _invite_people(*, proposal: Proposal, now: dt.datetime, site_url: str) -> None:
    """Email each named person who has not been asked yet a link to confirm or decline."""
    pending = list(
        proposal.people.filter(invited_at__isnull=True)
        .exclude(email="")
        .exclude(confirmation__in=ANSWERED)
    )
    for person in pending:
        link = site_url.rstrip("/") + reverse(
            "proposal_person_answer",
            kwargs={"slug": proposal.forum.slug, "token": person.confirmation_token},
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


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, by: User, now: dt.datetime | None = None) -> Proposal:
    now = now or timezone.now()
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("forum", "session_type")
        .get(pk=proposal.pk)
    )
    _check_may_edit(proposal=proposal, by=by, now=now)
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.updated_at = now
    proposal.save(update_fields=["status", "updated_at"])
    return proposal


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
    proposal_refresh_criteria(proposal=proposal, call=call_for(proposal.forum))
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


# --- The call, as the secretariat configures it (the admin does the same through its forms) ----


@transaction.atomic
def call_configure(*, forum: Forum, **fields) -> CallForProposals:
    """Create or change the forum's call; the criteria of its proposals are evaluated again."""
    from sessions.services.screening import call_refresh_criteria

    call = call_for(forum) or CallForProposals(forum=forum)
    for name, value in fields.items():
        setattr(call, name, value)
    call.full_clean()
    call.save()
    forum.call = call
    call_refresh_criteria(call=call)
    return call


@transaction.atomic
def session_type_save(
    *,
    forum: Forum,
    code: str,
    name: str,
    allowed_stakeholder_groups: list[StakeholderGroup] | None = None,
    **fields,
) -> SessionType:
    """Create or change one of the forum's session types, with its own rules."""
    session_type = SessionType.objects.filter(forum=forum, code=code).first() or SessionType(
        forum=forum, code=code
    )
    session_type.name = name
    for field_name, value in fields.items():
        setattr(session_type, field_name, value)
    session_type.full_clean()
    session_type.save()
    if allowed_stakeholder_groups is not None:
        session_type.allowed_stakeholder_groups.set(allowed_stakeholder_groups)
    return session_type
