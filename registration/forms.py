"""Forms of registration: registering (with the profile's data), the secretariat's decision,
the check-in desk, visa letters and account deletion."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from forum.models import StakeholderGroup, User
from forum.validators import TextRulesMixin
from registration.models import Gender, Registration, VisaLetterRequest
from registration.services.registering import PROFILE_FIELDS, REGISTRATION_FIELDS


class FlatSelect(forms.Select):
    """A select of flat choices whose options are written in Python, and kept per language when
    the choices never change (``cache_key``). The country list (about 250 options) drawn through
    the template engine, one template per option, was the largest cost of the register page
    (about 40 ms of it, and the page is every registrant's first request; now about 1 ms)."""

    _rendered: ClassVar[dict[tuple[str, str], list[tuple[str, str, str]]]] = {}

    def __init__(self, *args, cache_key: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.cache_key = cache_key

    def _options(self) -> list[tuple[str, str, str]]:
        key = (self.cache_key, get_language() or "")
        options = self._rendered.get(key) if self.cache_key else None
        if options is None:
            options = [
                (
                    str(value),
                    format_html('<option value="{}"', value),
                    format_html(">{}</option>", label),
                )
                for value, label in self.choices
            ]
            if self.cache_key:
                self._rendered[key] = options
        return options

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        chosen = {str(v) for v in self.format_value(value)}
        options = "".join(
            start + (" selected" if value in chosen else "") + rest
            for value, start, rest in self._options()
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(final),
            mark_safe(options),  # noqa: S308 - every piece was escaped by format_html
        )


class ProfilePartForm(forms.ModelForm):
    class Meta:
        model = User
        fields = list(PROFILE_FIELDS)
        help_texts = {"country": _("Your UN regional group is derived from it.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["stakeholder_group"].required = True
        self.fields["stakeholder_group"].queryset = StakeholderGroup.objects.order_by("position")
        self.fields["country"].required = True
        country = self.fields["country"]
        country.widget = FlatSelect(
            attrs=country.widget.attrs, choices=country.choices, cache_key="countries"
        )


class RegistrationDetailsForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = list(REGISTRATION_FIELDS)
        widgets = {
            "gender": forms.RadioSelect,
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "gender": _("Optional. Used only for counts the forum publishes."),
            "accessibility_needs": _(
                "Optional: sign language, captions, wheelchair access, a quiet room…"
            ),
            "via_hub": _("You follow the sessions with others at a remote hub."),
            "public_listing": _(
                "Your name and organisation appear on the public list of participants."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = [("", _("Not stated")), *Gender.choices]
        self.fields["gender"].required = False

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("gender") == Gender.SELF_DESCRIBED
            and not (cleaned.get("gender_self_described") or "").strip()
        ):
            self.add_error(
                "gender_self_described", _("Describe your gender, or choose another answer.")
            )
        return cleaned


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(
        label=_("How will you take part?"), widget=forms.RadioSelect, choices=()
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree to it."),
        error_messages={"required": _("Registration needs your consent to the notice.")},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, open_kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Registration.Attendance.choices)
        self.fields["attendance"].choices = [(k, labels[k]) for k in open_kinds]
        if len(open_kinds) == 1:
            self.fields["attendance"].initial = open_kinds[0]


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Approve")), ("no", _("Decline"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (the person sees it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Badge code"),
        max_length=400,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


class VisaLetterForm(forms.ModelForm):
    class Meta:
        model = VisaLetterRequest
        fields = ["passport_number", "nationality"]


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class RegistrantFilterForm(TextRulesMixin, forms.Form):
    q = forms.CharField(label=_("Search name, email or organisation"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Registration.Status.choices]
    )
    attendance = forms.ChoiceField(
        label=_("Attendance"),
        required=False,
        choices=[("", _("All")), *Registration.Attendance.choices],
    )
    stakeholder_group = forms.ModelChoiceField(
        label=_("Stakeholder group"),
        required=False,
        queryset=StakeholderGroup.objects.order_by("position"),
        empty_label=_("All"),
        to_field_name="code",
    )
    regional_group = forms.ChoiceField(label=_("UN regional group"), required=False, choices=())
    first_time = forms.NullBooleanField(
        label=_("First time"),
        required=False,
        widget=forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))]),
    )

    def __init__(self, *args, **kwargs):
        from forum.regions import REGIONAL_GROUPS

        super().__init__(*args, **kwargs)
        self.fields["regional_group"].choices = [("", _("All")), *REGIONAL_GROUPS]


class SeatsForm(forms.Form):
    """The secretariat sets a session's seats."""

    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100_000)
