"""Forms of the secretariat's screening: the list's filters, and marking proposals eligible."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forum.models import RegionalGroup, StakeholderGroup, Theme
from forum.validators import TextRulesMixin
from sessions.models import Proposal, SessionType
from sessions.selectors.proposals import SORTS, ScreeningFilters
from sessions.services.screening import CRITERIA


class ScreenForm(TextRulesMixin, forms.Form):
    eligibility = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Proposal.Eligibility.ELIGIBLE, _("Eligible")),
            (Proposal.Eligibility.INELIGIBLE, _("Ineligible")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason the organizers will see"),
        max_length=2000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Required when the proposal is ineligible."),
    )


class BulkScreenForm(TextRulesMixin, forms.Form):
    proposals = forms.TypedMultipleChoiceField(
        label=_("Proposals"), coerce=int, required=False, widget=forms.MultipleHiddenInput
    )
    eligibility = forms.ChoiceField(
        label=_("Mark the selected proposals"),
        choices=[
            (Proposal.Eligibility.ELIGIBLE, _("Eligible")),
            (Proposal.Eligibility.INELIGIBLE, _("Ineligible")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason the organizers will see"),
        max_length=2000,
        required=False,
        help_text=_("Required when marking proposals ineligible."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any number is accepted here; the service checks they are this forum's proposals.
        data = args[0] if args else kwargs.get("data")
        values = data.getlist("proposals") if data is not None else []
        self.fields["proposals"].choices = [(v, v) for v in values[:500]]

    def clean_proposals(self):
        ids = self.cleaned_data["proposals"]
        if not ids:
            raise forms.ValidationError(_("Select at least one proposal."))
        return ids


class FilterForm(TextRulesMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    session_type = forms.ModelChoiceField(
        label=_("Session type"), queryset=SessionType.objects.none(), required=False
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Submitted and withdrawn"))] + Proposal.Status.choices,
        required=False,
    )
    eligibility = forms.ChoiceField(
        label=_("Eligibility"),
        choices=[("", _("Any"))] + Proposal.Eligibility.choices,
        required=False,
    )
    region = forms.ChoiceField(label=_("Region of the organizer"), required=False)
    stakeholder_group = forms.ModelChoiceField(
        label=_("Stakeholder group of the organizer"),
        queryset=StakeholderGroup.objects.all(),
        required=False,
    )
    criteria = forms.ChoiceField(label=_("Minimum criteria"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            ("-submitted_at", _("Newest first")),
            ("submitted_at", _("Oldest first")),
            ("title", _("Title A-Z")),
            ("-title", _("Title Z-A")),
            ("type", _("Session type")),
            ("-failed", _("Most criteria failed")),
            ("failed", _("Fewest criteria failed")),
        ],
        required=False,
    )

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session_type"].queryset = SessionType.objects.filter(forum=forum)
        self.fields["theme"].queryset = Theme.objects.filter(forum=forum).select_related("parent")
        self.fields["region"].choices = [("", gettext("Any"))] + list(
            RegionalGroup.objects.values_list("code", "name")
        )
        self.fields["criteria"].choices = [
            ("", gettext("Any")),
            ("met", gettext("All met")),
            ("failed", gettext("At least one failed")),
        ] + [
            (code, gettext("Failed: %(name)s") % {"name": name}) for code, name in CRITERIA.items()
        ]

    def filters(self) -> ScreeningFilters:
        if not self.is_valid():
            return ScreeningFilters()
        d = self.cleaned_data
        return ScreeningFilters(
            session_type=d["session_type"].pk if d.get("session_type") else None,
            theme=d["theme"].pk if d.get("theme") else None,
            status=d.get("status") or "",
            eligibility=d.get("eligibility") or "",
            region=d.get("region") or "",
            stakeholder_group=d["stakeholder_group"].pk if d.get("stakeholder_group") else None,
            criteria=d.get("criteria") or "",
            q=d.get("q") or "",
            sort=d.get("sort") if d.get("sort") in SORTS else "-submitted_at",
        )
