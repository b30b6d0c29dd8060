"""Forms of the reports pages: the draft editor and the secretariat's return."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.models import SDG
from reports.models.reports import MAX_POINTS, SessionReport


class PointsField(forms.CharField):
    """Up to MAX_POINTS points, one per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def validate(self, value):
        if len(value) > MAX_POINTS:
            raise forms.ValidationError(
                _("At most %(n)s points, one per line.") % {"n": MAX_POINTS}
            )


class ReportForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    key_takeaways = PointsField(
        label=_("Key takeaways"), required=False, help_text=_("Up to 3, one per line.")
    )
    calls_to_action = PointsField(
        label=_("Calls to action"), required=False, help_text=_("Up to 3, one per line.")
    )
    sdgs = forms.ModelMultipleChoiceField(
        queryset=SDG.objects.all(),
        required=False,
        label=_("SDGs addressed"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SessionReport
        fields = [
            "key_takeaways",
            "calls_to_action",
            "presentations_summary",
            "discussion",
            "way_forward",
            "participants_onsite",
            "participants_online",
            "participants_hubs",
            "participants_women",
            "sdgs",
            "gender_discussed",
            "gender_notes",
        ]
        widgets = {
            "presentations_summary": forms.Textarea(attrs={"rows": 6}),
            "discussion": forms.Textarea(attrs={"rows": 6}),
            "way_forward": forms.Textarea(attrs={"rows": 4}),
            "gender_notes": forms.Textarea(attrs={"rows": 3}),
            "gender_discussed": forms.NullBooleanSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.kind == SessionReport.Kind.SHORT:
            for name in list(self.fields):
                if name not in ("revision", "key_takeaways", "calls_to_action"):
                    del self.fields[name]
        self.fields["revision"].initial = self.instance.revision


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *SessionReport.Status.choices],
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
