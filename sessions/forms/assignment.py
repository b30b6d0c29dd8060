"""Forms of the secretariat's review desk (assigning reviewers by hand)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReviewerChoiceForm(forms.Form):
    """One MAG member out of ``reviewers`` (those who may still be added to a proposal)."""

    reviewer = forms.ModelChoiceField(label=_("MAG member"), queryset=None)

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
