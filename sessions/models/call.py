"""The call for session proposals, as the secretariat configures it per forum."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from forum.models import Forum, StakeholderGroup


class SessionFormat(models.TextChoices):
    """Formats and layouts a session may take (IGF and WSIS Forum practice)."""

    ROUNDTABLE = "roundtable", _("Round table")
    PANEL = "panel", _("Panel")
    BIRDS_OF_A_FEATHER = "bof", _("Birds of a feather")
    BREAKOUT = "breakout", _("Break-out group discussions")
    DEBATE = "debate", _("Debate")
    FISHBOWL = "fishbowl", _("Fishbowl")
    PRESENTATION = "presentation", _("Presentation")
    TOWN_HALL = "townhall", _("Town hall")
    OTHER = "other", _("Other")


class SessionType(models.Model):
    """A kind of session with its own rules: workshop, open forum, lightning talk, ..."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="session_types")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    allowed_durations = models.JSONField(
        _("allowed durations (minutes)"), default=list, help_text=_("For example [60, 90].")
    )
    allowed_formats = models.JSONField(
        _("allowed formats"),
        default=list,
        blank=True,
        help_text=_("Codes of SessionFormat; empty = any."),
    )
    min_speakers = models.PositiveSmallIntegerField(_("minimum speakers"), default=1)
    max_speakers = models.PositiveSmallIntegerField(_("maximum speakers"), default=10)
    deadline = models.DateTimeField(
        _("deadline"), null=True, blank=True, help_text=_("Empty: the call's closing time.")
    )
    allowed_stakeholder_groups = models.ManyToManyField(
        StakeholderGroup,
        verbose_name=_("who may submit"),
        blank=True,
        related_name="+",
        help_text=_("Stakeholder groups of the submitting organizer; none selected = anyone."),
    )
    open_for_proposals = models.BooleanField(
        _("open for proposals"),
        default=True,
        help_text=_("Off for sessions the secretariat or MAG organise themselves."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["forum", "position", "name"]
        verbose_name = _("session type")
        verbose_name_plural = _("session types")
        constraints = [
            models.UniqueConstraint(fields=["forum", "code"], name="session_type_code_unique"),
            models.CheckConstraint(
                condition=models.Q(max_speakers__gte=models.F("min_speakers")),
                name="session_type_speaker_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if not isinstance(self.allowed_durations, list) or not all(
            isinstance(d, int) and 5 <= d <= 480 for d in self.allowed_durations
        ):
            errors["allowed_durations"] = _("List the durations as minutes between 5 and 480.")
        if not isinstance(self.allowed_formats, list) or not set(self.allowed_formats) <= set(
            SessionFormat.values
        ):
            errors["allowed_formats"] = _("Use known format codes only.")
        if self.max_speakers < self.min_speakers:
            errors["max_speakers"] = _("The maximum cannot be below the minimum.")
        if errors:
            raise ValidationError(errors)


class CallForProposals(models.Model):
    """The forum's call: its dates, its limits and its minimum criteria (each a switch + value)."""

    forum = models.OneToOneField(Forum, on_delete=models.CASCADE, related_name="call")
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    guidance = models.TextField(_("guidance for organizers"), blank=True)

    # Limits (empty = no limit).
    max_proposals_per_person = models.PositiveSmallIntegerField(
        _("proposals per person"), null=True, blank=True, default=3
    )
    max_proposals_per_institution = models.PositiveSmallIntegerField(
        _("proposals per institution"), null=True, blank=True, default=3
    )
    max_sessions_per_speaker = models.PositiveSmallIntegerField(
        _("sessions per speaker"), null=True, blank=True, default=3
    )
    mag_may_submit = models.BooleanField(_("MAG members may submit"), default=False)
    require_moderators = models.BooleanField(
        _("require an onsite moderator, an online moderator and a rapporteur"),
        default=True,
        help_text=_("Off where organizers name them later (as WSIS Forum sessions often do)."),
    )
    description_word_limit = models.PositiveIntegerField(
        _("description word limit"), default=500, validators=[MinValueValidator(50)]
    )

    # Minimum criteria (the IGF 2023 set by default).
    require_confirmed_speakers = models.BooleanField(
        _("require provisionally confirmed speakers"), default=True
    )
    min_confirmed_speakers = models.PositiveSmallIntegerField(
        _("at least this many provisionally confirmed speakers"), default=3
    )
    require_gender_diversity = models.BooleanField(
        _("require at least one speaker of a different gender from the rest"), default=True
    )
    require_stakeholder_diversity = models.BooleanField(
        _("require speakers from several stakeholder groups"), default=True
    )
    min_stakeholder_groups = models.PositiveSmallIntegerField(
        _("at least this many stakeholder groups among speakers"), default=2
    )
    require_onsite_presence = models.BooleanField(
        _("require an onsite moderator and onsite speakers"), default=True
    )
    min_onsite_speakers = models.PositiveSmallIntegerField(
        _("at least this many speakers onsite"), default=2
    )
    require_previous_report = models.BooleanField(
        _("require the report of the organizer's session at the previous edition"), default=True
    )

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return f"{self.forum}: call for proposals"


def deadline_for(*, forum: Forum, session_type: SessionType | None):
    """The last moment proposals of this type may be submitted or edited: the type's own deadline,
    else the call's closing time (None without either). Here, below rules and selectors, because
    a permission predicate needs it as much as the reads do."""
    if session_type is not None and session_type.deadline:
        return session_type.deadline
    try:
        call = forum.call
    except CallForProposals.DoesNotExist:
        return None
    return call.closes_at
