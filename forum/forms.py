"""Forms of the core app: sign-up and the profile."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from forum.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "organisation", "stakeholder_group", "country", "gender"]
        help_texts = {
            "gender": _("As you describe it; leave empty if you prefer not to say."),
            "country": _("Your UN regional group is derived from it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["stakeholder_group"].required = True
        self.fields["country"].required = True


class SignupForm(ProfileForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta(ProfileForm.Meta):
        # Not "email": the model's uniqueness checks would say that an account uses the address.
        fields = ["name", "organisation", "stakeholder_group", "country", "gender"]

    field_order = [
        "email",
        "password1",
        "password2",
        "name",
        "organisation",
        "stakeholder_group",
        "country",
        "gender",
    ]

    def clean_email(self) -> str:
        # A taken address is not an error here: the answer must not reveal that an account
        # exists (forum.accounts.account_signup mails the owner instead).
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            candidate = User(email=cleaned.get("email", ""), name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
