"""Forms of the transcript desk and the captioners' page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.validators import TextRulesMixin
from transcripts.models import Transcript
from transcripts.services.imports import MAX_BYTES


class SegmentForm(TextRulesMixin, forms.Form):
    speaker = forms.CharField(label=_("Speaker"), max_length=120, required=False)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class SpeakerRenameForm(TextRulesMixin, forms.Form):
    old = forms.CharField(label=_("Speaker as captioned"), max_length=120)
    new = forms.CharField(label=_("Name to show"), max_length=120, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Transcript file"),
        help_text=_(
            "Plain text, SubRip (.srt) or WebVTT (.vtt), UTF-8, at most 2 MB. It replaces the draft."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.srt,.vtt,text/plain,text/vtt"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class LanguageForm(forms.Form):
    search_config = forms.ChoiceField(
        label=_("Search language"), choices=Transcript._meta.get_field("search_config").choices
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which software or machine will use it, e.g. “Room 3 steno laptop”."),
    )
