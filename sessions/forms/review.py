"""Forms of the MAG member's review pages. They parse input; the services validate and write.
The review form itself is built from the forum's criteria in the view (see views/review.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.validators import TextRulesMixin


class ConflictForm(TextRulesMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why you have a conflict of interest"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("For example: I advise one of the organizers. Only the secretariat sees this."),
    )
