"""Forms of the proposal page. Every field is optional here (a draft may be saved at any point);
the submission is checked as a whole by :mod:`sessions.services.proposals`."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from forum.models import SDG, Forum, Room, StakeholderGroup, Theme, WSISActionLine
from forum.validators import TextRulesMixin
from sessions.models import PROPOSAL_FIELDS, Proposal, ProposalPerson, SessionFormat, SessionType
from sessions.services.proposal_input import (
    OrganizerInput,
    PersonInput,
    ProposalInput,
    proposal_input_from,
)

TEXT = {"rows": 6}


def describe_errors(form: forms.Form) -> None:
    """Point each field with a problem at its error text (and help), for screen readers."""
    for name in form.errors:
        if name not in form.fields:
            continue
        auto_id = form[name].auto_id
        ids = [f"{auto_id}_error"]
        if form.fields[name].help_text:
            ids.append(f"{auto_id}_helptext")
        form.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)


def country_choices():
    return [("", _("Choose a country"))] + list(countries)


class ProposalForm(TextRulesMixin, forms.Form):
    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    session_type = forms.ModelChoiceField(
        label=_("Session type"), queryset=SessionType.objects.none(), required=False
    )
    duration = forms.TypedChoiceField(
        label=_("Duration (minutes)"), coerce=int, empty_value=None, required=False
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("Choose a format"))] + SessionFormat.choices,
        required=False,
    )
    room_layout = forms.ChoiceField(
        label=_("Preferred room layout"),
        choices=[("", _("No preference"))] + Room.Layout.choices,
        required=False,
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), required=False)
    subtheme = forms.ModelChoiceField(
        label=_("Sub-theme"), queryset=Theme.objects.none(), required=False
    )
    policy_question_1 = forms.CharField(
        label=_("Policy question 1"),
        max_length=1000,
        required=False,
        widget=forms.Textarea({"rows": 2}),
    )
    policy_question_2 = forms.CharField(
        label=_("Policy question 2 (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea({"rows": 2}),
    )
    policy_question_3 = forms.CharField(
        label=_("Policy question 3 (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea({"rows": 2}),
    )
    description = forms.CharField(
        label=_("Description"), max_length=20000, required=False, widget=forms.Textarea(TEXT)
    )
    expected_outcomes = forms.CharField(
        label=_("Expected outcomes"),
        max_length=5000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    interaction_plan = forms.CharField(
        label=_("How onsite and online participants will interact"),
        max_length=5000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    sdgs = forms.ModelMultipleChoiceField(
        label=_("Sustainable Development Goals"),
        queryset=SDG.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sdg_targets = forms.CharField(
        label=_("SDG targets"),
        max_length=300,
        required=False,
        help_text=_("For example: 16.6, 16.10, 9.c"),
    )
    sdg_relevance = forms.CharField(
        label=_("How the session contributes to these SDGs"),
        max_length=5000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    wsis_action_lines = forms.ModelMultipleChoiceField(
        label=_("WSIS action lines"),
        queryset=WSISActionLine.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    first_time_organizer = forms.BooleanField(
        label=_("This is our first session at this forum"), required=False
    )
    developing_country_organizer = forms.BooleanField(
        label=_("The organizer is from a developing country"), required=False
    )
    previous_report_url = forms.URLField(
        label=_("Link to the report of your session at the previous edition"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Leave empty if this is your first session."),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility or interpretation needs"),
        max_length=2000,
        required=False,
        widget=forms.Textarea({"rows": 2}),
    )
    related_links = forms.CharField(
        label=_("Related links"),
        max_length=3000,
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("One address per line."),
    )

    def __init__(self, *args, forum: Forum, **kwargs):
        super().__init__(*args, **kwargs)
        types = list(SessionType.objects.filter(forum=forum, open_for_proposals=True))
        self.fields["session_type"].queryset = SessionType.objects.filter(
            forum=forum, open_for_proposals=True
        )
        durations = sorted({d for t in types for d in t.allowed_durations})
        self.fields["duration"].choices = [("", _("Choose a duration"))] + [
            (d, _("%(minutes)s minutes") % {"minutes": d}) for d in durations
        ]
        self.fields["theme"].queryset = Theme.objects.filter(forum=forum, parent__isnull=True)
        self.fields["subtheme"].queryset = Theme.objects.filter(
            forum=forum, parent__isnull=False
        ).select_related("parent")
        if forum.kind != Forum.Kind.WSIS:
            self.fields["wsis_action_lines"].help_text = _("Optional for IGF sessions.")

    def disable(self) -> None:
        for f in self.fields.values():
            f.disabled = True


class PersonBaseForm(TextRulesMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    stakeholder_group = forms.ModelChoiceField(
        label=_("Stakeholder group"), queryset=StakeholderGroup.objects.all(), required=False
    )
    country = forms.ChoiceField(label=_("Country"), choices=country_choices, required=False)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not any(data.get(name) for name in ("name", "email", "organisation"))

    def disable(self) -> None:
        for f in self.fields.values():
            f.disabled = True


class OrganizerForm(PersonBaseForm):
    def to_input(self) -> OrganizerInput:
        d = self.cleaned_data
        return OrganizerInput(
            name=d.get("name") or "",
            email=d.get("email") or "",
            organisation=d.get("organisation") or "",
            stakeholder_group=d.get("stakeholder_group"),
            country=d.get("country") or "",
            key=self.prefix,
        )


class PersonForm(PersonBaseForm):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    gender = forms.CharField(
        label=_("Gender"),
        max_length=100,
        required=False,
        help_text=_("As the person describes it."),
    )
    participation = forms.ChoiceField(
        label=_("Takes part"), choices=ProposalPerson.Participation.choices, required=False
    )
    confirmation = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (ProposalPerson.Confirmation.PROVISIONAL, _("Provisionally confirmed")),
            (ProposalPerson.Confirmation.INVITED, _("Invited, no answer yet")),
        ],
        required=False,
    )

    def __init__(self, *args, role: str = ProposalPerson.Role.SPEAKER, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.role = role
        self.answers = answers or {}

    @property
    def stored_person(self) -> ProposalPerson | None:
        return self.answers.get(self.initial.get("id"))

    def to_input(self) -> PersonInput:
        d = self.cleaned_data
        return PersonInput(
            id=d.get("id"),
            role=self.role,
            name=d.get("name") or "",
            email=d.get("email") or "",
            organisation=d.get("organisation") or "",
            stakeholder_group=d.get("stakeholder_group"),
            country=d.get("country") or "",
            gender=d.get("gender") or "",
            participation=d.get("participation") or ProposalPerson.Participation.ONSITE,
            confirmation=d.get("confirmation") or ProposalPerson.Confirmation.PROVISIONAL,
            key=self.prefix,
        )


OrganizerFormSet = formset_factory(OrganizerForm, extra=0, max_num=10, absolute_max=20)


def speaker_formset(*, data=None, initial=None, answers=None, rows: int):
    formset_class = formset_factory(PersonForm, extra=rows, max_num=30, absolute_max=30)
    return formset_class(
        data=data,
        initial=initial,
        prefix="speakers",
        form_kwargs={"role": ProposalPerson.Role.SPEAKER, "answers": answers or {}},
    )


def organizer_formset(*, data=None, initial=None, rows: int):
    formset_class = formset_factory(OrganizerForm, extra=rows, max_num=10, absolute_max=10)
    return formset_class(data=data, initial=initial, prefix="organizers")


SINGLE_ROLE_LABELS = {
    ProposalPerson.Role.ONSITE_MODERATOR: _("Onsite moderator"),
    ProposalPerson.Role.ONLINE_MODERATOR: _("Online moderator"),
    ProposalPerson.Role.RAPPORTEUR: _("Rapporteur"),
}


def input_from_forms(form: ProposalForm, organizers, speakers, singles: dict) -> ProposalInput:
    d = form.cleaned_data
    people = [f.to_input() for f in speakers if not f.is_blank()]
    for single in singles.values():
        if not single.is_blank():
            people.append(single.to_input())
    return proposal_input_from(
        {name: d.get(name) for name in PROPOSAL_FIELDS if name in form.fields},
        sdgs=list(d.get("sdgs") or []),
        wsis_action_lines=list(d.get("wsis_action_lines") or []),
        policy_questions=[d.get(f"policy_question_{i}") or "" for i in (1, 2, 3)],
        organizers=[f.to_input() for f in organizers if not f.is_blank()],
        people=people,
    )


def initial_from_proposal(proposal: Proposal) -> dict:
    initial = {
        # A relation's initial value is its id.
        name: getattr(proposal, Proposal._meta.get_field(name).attname)
        for name in PROPOSAL_FIELDS
        if name in ProposalForm.base_fields
    }
    initial.update(
        sdgs=[s.pk for s in proposal.sdgs.all()],
        wsis_action_lines=[w.pk for w in proposal.wsis_action_lines.all()],
    )
    for index, question in enumerate(proposal.policy_questions.all()[:3], start=1):
        initial[f"policy_question_{index}"] = question.text
    return initial


def person_initial(person) -> dict:
    return {
        "id": person.pk,
        "name": person.name,
        "email": person.email,
        "organisation": person.organisation,
        "stakeholder_group": person.stakeholder_group_id,
        "country": str(person.country),
        "gender": getattr(person, "gender", ""),
        "participation": getattr(person, "participation", ""),
        "confirmation": getattr(person, "confirmation", ""),
    }
