"""Forms of the review stage. They parse input; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sessions.models import Outcome, Proposal, SessionType


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you have a conflict of interest"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("For example: I advise one of the organizers. Only the secretariat sees this."),
    )


class ReviewerChoiceForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("MAG member"), queryset=None)

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices)
    reason = forms.CharField(
        label=_("Why (kept on file, not sent)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )
    conditions = forms.CharField(
        label=_("Conditions (for an acceptance with conditions)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )
    merge_with = forms.ModelChoiceField(
        label=_("Merge with (for a suggested merge)"), queryset=None, required=False
    )
    offered_session_type = forms.ModelChoiceField(
        label=_("Format offered (for another format)"), queryset=None, required=False
    )
    comment_to_organizers = forms.CharField(
        label=_("Message to the organizers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, forum, proposal: Proposal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        others = Proposal.objects.filter(
            forum=forum,
            status=Proposal.Status.SUBMITTED,
            eligibility=Proposal.Eligibility.ELIGIBLE,
        ).order_by("title")
        if proposal is not None:
            others = others.exclude(pk=proposal.pk)
        self.fields["merge_with"].queryset = others
        self.fields["offered_session_type"].queryset = SessionType.objects.filter(forum=forum)


class BulkDecisionForm(forms.Form):
    TARGETS = [
        ("selected", _("every proposal in the selection (above the line)")),
        ("rest", _("every proposal below the line")),
    ]
    target = forms.ChoiceField(label=_("Apply to"), choices=TARGETS, widget=forms.RadioSelect)
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=[c for c in Outcome.choices if c[0] != Outcome.MERGE]
    )
    reason = forms.CharField(
        label=_("Why (kept on file, not sent)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )
    conditions = forms.CharField(
        label=_("Conditions (for an acceptance with conditions)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )
    offered_session_type = forms.ModelChoiceField(
        label=_("Format offered (for another format)"), queryset=None, required=False
    )
    comment_to_organizers = forms.CharField(
        label=_("Message to the organizers"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offered_session_type"].queryset = SessionType.objects.filter(forum=forum)


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(
        label=_("Body"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000
    )
