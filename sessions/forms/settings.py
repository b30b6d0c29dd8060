"""The secretariat's settings of a forum's call, review and session types, in the forum's own time
zone: a date and time typed here is read in the forum's zone and stored as that instant."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import StakeholderGroup
from sessions.models import (
    CallForProposals,
    LowScoreReason,
    ReviewCriterion,
    ReviewSettings,
    SessionFormat,
    SessionType,
)

INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class ForumDateTimeField(forms.DateTimeField):
    """A date and time in ``zone``: typed and shown there, whatever zone the request is in."""

    def __init__(self, *, zone: zoneinfo.ZoneInfo, **kwargs):
        self.zone = zone
        kwargs.setdefault(
            "widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format=INPUT_FORMAT)
        )
        kwargs.setdefault("input_formats", [INPUT_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"])
        super().__init__(**kwargs)
        zone_help = _("In the forum's time zone, %(zone)s.") % {"zone": zone.key}
        self.help_text = f"{self.help_text} {zone_help}".strip() if self.help_text else zone_help

    def to_python(self, value):
        with timezone.override(self.zone):
            return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return value.astimezone(self.zone).replace(tzinfo=None)
        return value


class ForumZoneModelForm(forms.ModelForm):
    """A model form whose date-time fields are read and shown in the forum's time zone."""

    zoned_fields: tuple[str, ...] = ()

    def __init__(self, *args, forum, **kwargs):
        self.forum = forum
        super().__init__(*args, **kwargs)
        for name in self.zoned_fields:
            old = self.fields[name]
            self.fields[name] = ForumDateTimeField(
                zone=forum.tzinfo, label=old.label, required=old.required, help_text=old.help_text
            )


class CallForm(ForumZoneModelForm):
    zoned_fields = ("opens_at", "closes_at")

    class Meta:
        model = CallForProposals
        fields = [
            "opens_at",
            "closes_at",
            "guidance",
            "max_proposals_per_person",
            "max_proposals_per_institution",
            "max_sessions_per_speaker",
            "mag_may_submit",
            "require_moderators",
            "description_word_limit",
            "require_confirmed_speakers",
            "min_confirmed_speakers",
            "require_gender_diversity",
            "require_stakeholder_diversity",
            "min_stakeholder_groups",
            "require_onsite_presence",
            "min_onsite_speakers",
            "require_previous_report",
        ]


class ReviewSettingsForm(ForumZoneModelForm):
    zoned_fields = ("opens_at", "closes_at")

    class Meta:
        model = ReviewSettings
        fields = [
            "opens_at",
            "closes_at",
            "reviewers_per_proposal",
            "min_stakeholder_groups",
            "keep_within_theme",
            "anonymous",
            "hide_scores_until_submitted",
            "reason_required_at_or_below",
            "slots",
            "reminder_interval_days",
        ]


class DurationsField(forms.CharField):
    """Minutes, separated by commas: "60, 90"."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        try:
            return [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(
                _("List the durations as whole minutes separated by commas, e.g. 60, 90."),
                code="invalid",
            ) from None


class SessionTypeForm(ForumZoneModelForm):
    zoned_fields = ("deadline",)

    allowed_durations = DurationsField(
        label=_("Allowed durations (minutes)"), help_text=_("Separated by commas, e.g. 60, 90.")
    )
    allowed_formats = forms.MultipleChoiceField(
        label=_("Allowed formats"),
        choices=SessionFormat.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any format."),
    )
    allowed_stakeholder_groups = forms.ModelMultipleChoiceField(
        label=_("Who may submit"),
        queryset=StakeholderGroup.objects.order_by("position"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Stakeholder groups of the submitting organizer; none ticked: anyone."),
    )

    class Meta:
        model = SessionType
        fields = [
            "code",
            "name",
            "description",
            "allowed_durations",
            "allowed_formats",
            "min_speakers",
            "max_speakers",
            "deadline",
            "allowed_stakeholder_groups",
            "open_for_proposals",
            "position",
        ]

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, forum=forum, **kwargs)
        if self.instance.pk:
            # The code names the type in every export and in the service that saves it.
            self.fields["code"].disabled = True

    def clean_code(self):
        code = self.cleaned_data["code"]
        if self.instance.pk:
            return self.instance.code
        if SessionType.objects.filter(forum=self.forum, code=code).exists():
            raise forms.ValidationError(_("Another session type of this forum has this code."))
        return code


class ReviewCriterionForm(forms.ModelForm):
    """A criterion MAG members score proposals on, its scale and its weight in the total."""

    class Meta:
        model = ReviewCriterion
        fields = ["name", "help_text", "weight", "min_score", "max_score"]
        help_texts = {
            "weight": _("How much this criterion counts in a review's weighted score."),
            "help_text": _("Shown to reviewers beside the score."),
        }

    def __init__(self, *args, scored: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if scored:
            for name in ("weight", "min_score", "max_score"):
                self.fields[name].help_text = _(
                    "Fixed: reviewers have already scored this criterion."
                )
                self.fields[name].disabled = True


class LowScoreReasonForm(forms.ModelForm):
    """A reason a reviewer picks for a low score."""

    class Meta:
        model = LowScoreReason
        fields = ["text"]
