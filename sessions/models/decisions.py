"""Selection decisions on proposals and the notification templates that announce them."""

from __future__ import annotations

import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import Forum
from sessions.models.call import SessionType
from sessions.models.proposals import Proposal

__all__ = [
    "PLACEHOLDERS",
    "Decision",
    "NotificationTemplate",
    "Outcome",
    "validate_placeholders",
]


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
