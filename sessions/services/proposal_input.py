"""What the proposal form gives the services: the proposal, its organizers and its people, as
plain data; and the errors a check collects."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, make_dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from forum.models import SDG, StakeholderGroup, WSISActionLine
from sessions.models import (
    PROPOSAL_FIELDS,
    Proposal,
    ProposalPerson,
)

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


def _input_field(name: str) -> tuple:
    """A ProposalInput field for one of the proposal's fields, empty as the model's is."""
    model_field = Proposal._meta.get_field(name)
    if model_field.is_relation:
        return (name, Any, None)
    if isinstance(model_field, models.BooleanField):
        return (name, bool, False)
    if model_field.null:
        return (name, int | None, None)
    return (name, str, "")


#: What the organizer typed: the proposal's fields (:data:`PROPOSAL_FIELDS`, with the same
#: names), then what is stored apart from them.
ProposalInput = make_dataclass(
    "ProposalInput",
    [_input_field(name) for name in PROPOSAL_FIELDS]
    + [
        ("sdgs", list[SDG], field(default_factory=list)),
        ("wsis_action_lines", list[WSISActionLine], field(default_factory=list)),
        ("policy_questions", list[str], field(default_factory=list)),
        ("organizers", list[OrganizerInput], field(default_factory=list)),
        ("people", list[PersonInput], field(default_factory=list)),
    ],
)
ProposalInput.__module__ = __name__

SCALAR_FIELDS = PROPOSAL_FIELDS


def proposal_input_from(values: dict, **others) -> ProposalInput:
    """A ProposalInput from ``values`` of the proposal's fields (a form's cleaned data, say): a
    field missing or empty takes the empty value of its kind ("", False or None)."""
    clean = {}
    for f in fields(ProposalInput):
        if f.name not in values:
            continue
        value = values[f.name]
        if f.default == "":
            value = value or ""
        elif f.default is False:
            value = bool(value)
        clean[f.name] = value
    return ProposalInput(**clean, **others)


class Errors:
    """Problems keyed by form field; turned into one ValidationError."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, key: str, message: str) -> None:
        self.by_field.setdefault(key or "__all__", []).append(message)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)
