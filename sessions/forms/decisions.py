"""Forms of the decisions: on one proposal, on many at once from the results board, and the
templates of the notifications that announce them. They parse input; the decision services
validate the combination (conditions, merge, offered format) and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.validators import TextRulesMixin
from sessions.models import Outcome, Proposal, SessionType


class DecisionBaseForm(TextRulesMixin, forms.Form):
    """What every decision records, whether it is made on one proposal or on many."""

    OUTCOMES = Outcome.choices

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
    offered_session_type = forms.ModelChoiceField(
        label=_("Format offered (for another format)"), queryset=None, required=False
    )
    comment_to_organizers = forms.CharField(
        label=_("Message to the organizers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = self.OUTCOMES
        self.fields["offered_session_type"].queryset = SessionType.objects.filter(forum=forum)


class DecisionForm(DecisionBaseForm):
    """The decision on one proposal, which may also be a merge with another one."""

    merge_with = forms.ModelChoiceField(
        label=_("Merge with (for a suggested merge)"), queryset=None, required=False
    )

    field_order = [
        "outcome",
        "reason",
        "conditions",
        "merge_with",
        "offered_session_type",
        "comment_to_organizers",
        "confirm_unreviewed",
    ]

    confirm_unreviewed = forms.BooleanField(
        label=_("Decide without a review"),
        required=False,
        help_text=_("Nobody has reviewed this proposal yet. Tick to decide on it all the same."),
    )

    def __init__(
        self, *args, forum, proposal: Proposal | None = None, unreviewed: bool = False, **kwargs
    ):
        super().__init__(*args, forum=forum, **kwargs)
        if not unreviewed:
            # Asked only where it applies: a reviewed proposal is decided without it.
            del self.fields["confirm_unreviewed"]
        others = Proposal.objects.filter(
            forum=forum,
            status=Proposal.Status.SUBMITTED,
            eligibility=Proposal.Eligibility.ELIGIBLE,
        ).order_by("title")
        if proposal is not None:
            others = others.exclude(pk=proposal.pk)
        self.fields["merge_with"].queryset = others


class BulkDecisionForm(DecisionBaseForm):
    """The same decision on every proposal above (or below) the line of the results board. A
    merge joins two given proposals, so it is never made in bulk."""

    TARGETS = [
        ("selected", _("every proposal in the selection (above the line)")),
        ("rest", _("every proposal below the line")),
    ]
    OUTCOMES = [c for c in Outcome.choices if c[0] != Outcome.MERGE]

    target = forms.ChoiceField(label=_("Apply to"), choices=TARGETS, widget=forms.RadioSelect)

    field_order = ["target"]

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, forum=forum, **kwargs)
        self.fields["comment_to_organizers"].widget.attrs["rows"] = 2


class TemplateForm(TextRulesMixin, forms.Form):
    """The subject and body of one outcome's notification."""

    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(
        label=_("Body"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000
    )
