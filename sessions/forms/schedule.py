"""Forms of the secretariat's programme pages. Times are read in the forum's time zone (the views
activate it), and say so in their help text."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.models import Room
from sessions.models import BlockedPeriod, ProgrammeDay, SchedulerSettings

LOCAL = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=LOCAL, **kwargs)


class PlacementForm(forms.Form):
    """Place one session: the no-JavaScript form of the editor, and the body of its endpoint."""

    ACTIONS = [
        ("place", _("Place")),
        ("unplace", _("Take out of the grid")),
        ("cancel", _("Cancel the session")),
        ("uncancel", _("Take the cancellation back")),
        ("pin", _("Pin")),
        ("unpin", _("Unpin")),
    ]

    session = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=ACTIONS, initial="place")
    room = forms.ModelChoiceField(queryset=Room.objects.none(), required=False, label=_("Room"))
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        required=False,
        input_formats=[LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=LocalDateTimeInput(),
    )

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.forum = forum
        self.fields["room"].queryset = Room.objects.filter(forum=forum).order_by("position", "name")
        self.fields["starts_at"].help_text = _("In the forum's time zone (%(zone)s).") % {
            "zone": forum.timezone
        }

    def clean(self):
        data = super().clean()
        if data.get("action") == "place":
            if not data.get("room"):
                self.add_error("room", _("Choose a room."))
            if not data.get("starts_at"):
                self.add_error("starts_at", _("Give the start date and time."))
        return data


class ProgrammeDayForm(forms.ModelForm):
    class Meta:
        model = ProgrammeDay
        fields = ["date", "starts_at", "ends_at", "slot_minutes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The day must end after it starts."))
        return data


class BlockedPeriodForm(forms.ModelForm):
    class Meta:
        model = BlockedPeriod
        fields = ["label", "room", "starts_at", "ends_at"]
        widgets = {"starts_at": LocalDateTimeInput(), "ends_at": LocalDateTimeInput()}

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(forum=forum)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = [LOCAL]

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The period must end after it starts."))
        return data


class RoomAvailabilityForm(forms.Form):
    room = forms.ModelChoiceField(queryset=Room.objects.none(), label=_("Room"))
    starts_at = forms.DateTimeField(
        label=_("Available from"), input_formats=[LOCAL], widget=LocalDateTimeInput()
    )
    ends_at = forms.DateTimeField(
        label=_("Available until"), input_formats=[LOCAL], widget=LocalDateTimeInput()
    )

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(forum=forum)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The period must end after it starts."))
        return data


class SchedulerSettingsForm(forms.ModelForm):
    class Meta:
        model = SchedulerSettings
        fields = [
            "spread_subthemes",
            "popular_in_large_rooms",
            "balance_days",
            "online_friendly_hours",
            "keep_placements",
            "time_limit_seconds",
        ]


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("Note to participants (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
