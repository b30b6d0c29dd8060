"""Forms of the outputs pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.validators import TextRulesMixin
from outputs.services.comments import MAX_COMMENT


class RoundForm(TextRulesMixin, forms.Form):
    closes_at = forms.DateTimeField(
        label=_("Comments close at (the forum's time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class CommentForm(TextRulesMixin, forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 5})
    )


class AnswerForm(TextRulesMixin, forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 3})
    )
