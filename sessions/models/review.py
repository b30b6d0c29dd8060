"""MAG review: settings, criteria, reviewer themes, conflicts, assignments, reviews and scores, and
the reminders sent to reviewers. Decisions and their notification templates are in
``sessions.models.decisions``."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import Forum, Theme
from sessions.models.proposals import Proposal

__all__ = [
    "LowScoreReason",
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
