"""MAG review and selection: criteria, assignments, conflicts, reviews and scores, decisions and the
notification templates that announce them."""

from __future__ import annotations

import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import Forum, Theme
from sessions.models.call import SessionType
from sessions.models.proposals import Proposal

__all__ = [
    "PLACEHOLDERS",
    "Decision",
    "LowScoreReason",
    "NotificationTemplate",
    "Outcome",
    "Review",
    "ReviewAssignment",
    "ReviewConflict",
    "ReviewCriterion",
    "ReviewReminder",
    "ReviewScore",
    "ReviewSettings",
    "ReviewerTheme",
]


class ReviewSettings(models.Model):
    """How a forum's MAG reviews: how many reviewers per proposal, what they see, when."""

    forum = models.OneToOneField(Forum, on_delete=models.CASCADE, related_name="review_settings")
    reviewers_per_proposal = models.PositiveSmallIntegerField(
        _("reviewers per proposal"), default=3, validators=[MinValueValidator(1)]
    )
    min_stakeholder_groups = models.PositiveSmallIntegerField(
        _("stakeholder groups among a proposal's reviewers (where the pool allows)"),
        default=2,
        validators=[MinValueValidator(1)],
    )
    keep_within_theme = models.BooleanField(
        _("keep reviewers within their issue-area group"),
        default=False,
        help_text=_("Reviewers review proposals of the themes they are assigned to."),
    )
    anonymous = models.BooleanField(
        _("anonymous review"),
        default=False,
        help_text=_("Hide the names of organizers and speakers from reviewers."),
    )
    hide_scores_until_submitted = models.BooleanField(
        _("hide others' scores until the reviewer has submitted their own"), default=True
    )
    opens_at = models.DateTimeField(_("review opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("review closes at"), null=True, blank=True)
    reason_required_at_or_below = models.PositiveSmallIntegerField(
        _("scores at or below this need a reason"), default=3
    )
    slots = models.PositiveIntegerField(
        _("slots available"), default=0, help_text=_("Where the selection board draws its line.")
    )
    reminder_interval_days = models.PositiveSmallIntegerField(
        _("days between reminders"), default=3, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("review settings")
        verbose_name_plural = _("review settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__isnull=True)
                | models.Q(opens_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="review_window_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.forum}: review settings"

    def is_open(self, now) -> bool:
        return (self.opens_at is None or self.opens_at <= now) and (
            self.closes_at is None or now < self.closes_at
        )

    def has_ended(self, now) -> bool:
        """The review period is over (reviews are read-only from now on)."""
        return self.closes_at is not None and now >= self.closes_at


class ReviewCriterion(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="review_criteria")
    name = models.CharField(_("name"), max_length=200)
    help_text = models.TextField(_("guidance for reviewers"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
    )
    min_score = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), default=5, validators=[MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["forum", "position", "pk"]
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_score__gt=models.F("min_score")),
                name="review_criterion_scale",
            )
        ]

    def __str__(self) -> str:
        return self.name


class LowScoreReason(models.Model):
    """A reason a reviewer picks when a score is at or below the threshold."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="low_score_reasons")
    text = models.CharField(_("reason"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["forum", "position", "pk"]
        verbose_name = _("reason for a low score")
        verbose_name_plural = _("reasons for low scores")

    def __str__(self) -> str:
        return self.text


class ReviewerTheme(models.Model):
    """A MAG member's issue-area group: the themes whose proposals they review."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_themes"
    )
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("reviewer's theme")
        verbose_name_plural = _("reviewers' themes")
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "theme"], name="reviewer_theme_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} – {self.theme}"


class ReviewConflict(models.Model):
    class Source(models.TextChoices):
        ORGANIZER = "organizer", _("Reviewer is an organizer")
        SPEAKER = "speaker", _("Reviewer is a speaker, moderator or rapporteur")
        ORGANISATION = "organisation", _("Reviewer shares an organisation")
        DECLARED = "declared", _("Declared by the reviewer")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_conflicts"
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["proposal", "reviewer"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="review_conflict_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} ✕ {self.proposal}"


class ReviewAssignment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments"
    )
    #: Empty when the solver made it.
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)

    class Meta:
        ordering = ["proposal", "reviewer"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer"], name="review_assignment_unique"
            )
        ]
        indexes = [models.Index(fields=["reviewer", "proposal"])]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.proposal}"


class Review(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    comment_to_organizers = models.TextField(
        _("comments to the organizers"), blank=True, max_length=5000
    )
    note_for_mag = models.TextField(_("note for the MAG only"), blank=True, max_length=5000)
    #: The weighted mean of the scores, stored on submission.
    total = models.FloatField(_("weighted score"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["proposal", "reviewer"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="review_unique")
        ]
        indexes = [models.Index(fields=["reviewer", "status"])]

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.proposal}"


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ReviewCriterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"))
    reason = models.ForeignKey(
        LowScoreReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason_text = models.TextField(_("why"), blank=True, max_length=2000)

    class Meta:
        ordering = ["review", "criterion__position", "criterion_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="review_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Outcome(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    ACCEPT_WITH_CONDITIONS = "accept_conditions", _("Accept with conditions")
    MERGE = "merge", _("Suggest a merge with another proposal")
    OTHER_FORMAT = "other_format", _("Offer another format")
    REJECT = "reject", _("Reject")


class Decision(models.Model):
    """One decision on a proposal. Every decision is kept; the current one has ``is_current``."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    is_current = models.BooleanField(default=True)
    reason = models.TextField(_("why (recorded, not sent)"), max_length=5000)
    conditions = models.TextField(_("conditions"), blank=True, max_length=5000)
    merge_with = models.ForeignKey(
        Proposal,
        verbose_name=_("merge with"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    offered_session_type = models.ForeignKey(
        SessionType,
        verbose_name=_("offered format"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment_to_organizers = models.TextField(
        _("message to the organizers"), blank=True, max_length=5000
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    notified_at = models.DateTimeField(_("organizers notified"), null=True, blank=True)
    organizer_response = models.CharField(
        _("organizer's answer"),
        max_length=10,
        blank=True,
        choices=[("accepted", _("Accepted")), ("declined", _("Declined"))],
    )
    organizer_responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["proposal", "-decided_at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal"],
                condition=models.Q(is_current=True),
                name="decision_one_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_outcome_display()}"

    @property
    def needs_answer(self) -> bool:
        return (
            self.outcome in (Outcome.ACCEPT_WITH_CONDITIONS, Outcome.MERGE, Outcome.OTHER_FORMAT)
            and not self.organizer_response
        )


#: The placeholders a notification template may use.
PLACEHOLDERS = {
    "forum": _("the forum's name"),
    "title": _("the proposal's title"),
    "organizer_name": _("the name of the organizer written to"),
    "decision": _("the decision in words"),
    "conditions": _("the conditions, if any"),
    "merge_with": _("the title of the proposal to merge with, if any"),
    "offered_format": _("the session type offered, if any"),
    "message": _("the secretariat's message"),
    "comments": _("the reviewers' comments to the organizers (without their names)"),
    "link": _("the address of the outcome page"),
}


def validate_placeholders(value: str) -> None:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError as exc:
        raise ValidationError(
            _("Braces must come in pairs around a placeholder: %(error)s"),
            params={"error": exc},
        ) from exc
    unknown = sorted(names - set(PLACEHOLDERS))
    if unknown:
        raise ValidationError(
            _("Unknown placeholder(s): %(names)s. Known: %(known)s."),
            params={
                "names": ", ".join("{" + n + "}" for n in unknown),
                "known": ", ".join("{" + n + "}" for n in PLACEHOLDERS),
            },
        )


class NotificationTemplate(models.Model):
    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="notification_templates"
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    subject = models.CharField(_("subject"), max_length=300, validators=[validate_placeholders])
    body = models.TextField(_("body"), max_length=20000, validators=[validate_placeholders])

    class Meta:
        ordering = ["forum", "outcome"]
        verbose_name = _("notification template")
        verbose_name_plural = _("notification templates")
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "outcome"], name="notification_template_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.forum}: {self.get_outcome_display()}"


class ReviewReminder(models.Model):
    """A reminder sent to a reviewer (so that beat does not send one every run)."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    pending = models.PositiveIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["forum", "reviewer", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.pending} pending ({self.sent_at:%Y-%m-%d})"
