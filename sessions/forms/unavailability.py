"""The form of people's unavailability (times in the forum's time zone, which the view activates)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sessions.forms.schedule import LOCAL, LocalDateTimeInput


class PersonUnavailabilityForm(forms.Form):
    email = forms.EmailField(
        label=_("Person's email"),
        help_text=_("The address the person is known by in the forum's sessions."),
        widget=forms.EmailInput(attrs={"list": "programme-people", "autocomplete": "off"}),
    )
    starts_at = forms.DateTimeField(
        label=_("Unavailable from"), input_formats=[LOCAL], widget=LocalDateTimeInput()
    )
    ends_at = forms.DateTimeField(
        label=_("Unavailable until"), input_formats=[LOCAL], widget=LocalDateTimeInput()
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        zone = {"zone": forum.timezone}
        for name in ("starts_at", "ends_at"):
            self.fields[name].help_text = _("In the forum's time zone (%(zone)s).") % zone

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The period must end after it starts."))
        return data
