from __future__ import annotations

import zoneinfo

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from remote_hubs.models import Hub
from sessions.models import Session

TIMEZONE_CHOICES = [(tz, tz) for tz in sorted(zoneinfo.available_timezones())]


class HubRegistrationForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=capfirst(_("local time zone")), choices=TIMEZONE_CHOICES)

    class Meta:
        model = Hub
        fields = [
            "host_institution",
            "city",
            "country",
            "time_zone",
            "latitude",
            "longitude",
            "coordinator_name",
            "coordinator_email",
            "technical_name",
            "technical_email",
            "expected_participants",
            "areas_of_interest",
            "planned_sessions",
        ]
        widgets = {"planned_sessions": forms.CheckboxSelectMultiple}

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_sessions"].queryset = Session.objects.filter(forum=forum).order_by(
            "starts_at", "title"
        )
        if not self.is_bound:
            # The view offers the forum's zone; the page's script offers the browser's instead.
            self.fields["time_zone"].widget.attrs["data-browser-zone"] = "default"


class AttendanceForm(forms.Form):
    session = forms.IntegerField(widget=forms.HiddenInput)
    people = forms.IntegerField(label=_("people present"), min_value=0, max_value=100_000)
