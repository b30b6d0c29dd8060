"""A session proposal and the people in it. Holds everything a real IGF or WSIS session record
holds (see shared/seeds/003_* and 004_*)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from forum.models import SDG, Forum, Room, StakeholderGroup, Theme, WSISActionLine
from sessions.models.call import SessionFormat, SessionType


class Proposal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Eligibility(models.TextChoices):
        PENDING = "pending", _("Not screened yet")
        ELIGIBLE = "eligible", _("Eligible")
        INELIGIBLE = "ineligible", _("Ineligible")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="proposals")
    session_type = models.ForeignKey(
        SessionType,
        verbose_name=_("session type"),
        on_delete=models.PROTECT,
        related_name="proposals",
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    duration = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    format = models.CharField(_("format"), max_length=20, choices=SessionFormat.choices, blank=True)
    room_layout = models.CharField(
        _("preferred room layout"), max_length=20, choices=Room.Layout.choices, blank=True
    )
    #: The number the session had elsewhere (e.g. "Session 537" on the WSIS Forum site).
    reference = models.CharField(_("reference number"), max_length=40, blank=True)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subtheme = models.ForeignKey(
        Theme,
        verbose_name=_("sub-theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    expected_outcomes = models.TextField(_("expected outcomes"), blank=True)
    interaction_plan = models.TextField(
        _("how onsite and online participants will interact"), blank=True
    )
    sdgs = models.ManyToManyField(SDG, verbose_name=_("SDGs"), blank=True, related_name="+")
    sdg_targets = models.CharField(
        _("SDG targets"), max_length=300, blank=True, help_text=_("For example: 16.6, 16.10, 9.c")
    )
    sdg_relevance = models.TextField(_("how the session contributes to the SDGs"), blank=True)
    related_links = models.TextField(
        _("related links"), blank=True, help_text=_("One address per line.")
    )
    wsis_action_lines = models.ManyToManyField(
        WSISActionLine, verbose_name=_("WSIS action lines"), blank=True, related_name="+"
    )
    first_time_organizer = models.BooleanField(_("first-time organizer"), default=False)
    developing_country_organizer = models.BooleanField(
        _("organizer from a developing country"), default=False
    )
    accessibility_needs = models.TextField(_("accessibility or interpretation needs"), blank=True)
    previous_report_url = models.URLField(
        _("report of your session at the previous edition"), blank=True, max_length=500
    )

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    eligibility = models.CharField(
        _("eligibility"), max_length=12, choices=Eligibility.choices, default=Eligibility.PENDING
    )
    eligibility_reason = models.TextField(_("reason given to the organizers"), blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    screened_at = models.DateTimeField(null=True, blank=True)
    #: What the organizers were told by the last announcement of the screening results (the
    #: secretariat screens, then announces deliberately): their pages show this, not the
    #: screening in progress.
    eligibility_announced = models.CharField(
        _("eligibility announced"),
        max_length=12,
        choices=Eligibility.choices,
        default=Eligibility.PENDING,
    )
    eligibility_reason_announced = models.TextField(_("reason announced"), blank=True)
    eligibility_announced_at = models.DateTimeField(
        _("screening result announced"), null=True, blank=True
    )
    #: Codes of the call's minimum criteria this proposal does not meet, kept up to date by the
    #: services so that screening can filter hundreds of proposals in the database.
    criteria_failed = models.JSONField(_("minimum criteria not met"), default=list, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals_created"
    )
    #: Sent with the form; a second POST with the same key (a double click, a retried request)
    #: finds the proposal the first one created.
    creation_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            models.Index(fields=["forum", "status", "eligibility"]),
            models.Index(fields=["forum", "session_type"]),
            models.Index(fields=["forum", "theme"]),
        ]

    def __str__(self) -> str:
        return self.title or _("Untitled proposal")


#: The proposal's own fields that its form edits and the services store, in the form's order: the
#: one list that ``ProposalInput``, the storing, the form's reading and its initial values derive
#: from (the SDGs, action lines, policy questions and people are stored apart).
PROPOSAL_FIELDS: tuple[str, ...] = (
    "session_type",
    "title",
    "duration",
    "format",
    "room_layout",
    "theme",
    "subtheme",
    "description",
    "expected_outcomes",
    "interaction_plan",
    "sdg_targets",
    "sdg_relevance",
    "first_time_organizer",
    "developing_country_organizer",
    "accessibility_needs",
    "previous_report_url",
    "related_links",
    "reference",
)


class PolicyQuestion(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="policy_questions"
    )
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("policy question"), max_length=1000)

    class Meta:
        ordering = ["proposal", "position", "pk"]
        verbose_name = _("policy question")
        verbose_name_plural = _("policy questions")

    def __str__(self) -> str:
        return self.text[:80]


class PersonFields(models.Model):
    """Who someone is, as a proposal names them (they need not have an account)."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    stakeholder_group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("stakeholder group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    country = CountryField(_("country"), blank=True)
    #: The account with this email address, linked when there is one.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class ProposalOrganizer(PersonFields):
    """An organizer of the proposal. Organizers with an account may edit it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="organizers")
    is_primary = models.BooleanField(_("primary contact"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["proposal", "-is_primary", "position", "pk"]
        verbose_name = _("organizer")
        verbose_name_plural = _("organizers")
        indexes = [models.Index(Lower("email"), name="organizer_email_idx")]

    def __str__(self) -> str:
        return self.name


class ProposalPerson(PersonFields):
    """A speaker, moderator or rapporteur of the proposed session."""

    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Speaker")
        ONSITE_MODERATOR = "onsite_moderator", _("Onsite moderator")
        ONLINE_MODERATOR = "online_moderator", _("Online moderator")
        RAPPORTEUR = "rapporteur", _("Rapporteur")

    class Participation(models.TextChoices):
        ONSITE = "onsite", _("Onsite")
        ONLINE = "online", _("Online")

    class Confirmation(models.TextChoices):
        PROVISIONAL = "provisional", _("Provisionally confirmed by the organizer")
        INVITED = "invited", _("Invited, no answer yet")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SPEAKER)
    gender = models.CharField(_("gender"), max_length=100, blank=True)
    participation = models.CharField(
        _("participation"),
        max_length=10,
        choices=Participation.choices,
        default=Participation.ONSITE,
    )
    confirmation = models.CharField(
        _("confirmation"),
        max_length=12,
        choices=Confirmation.choices,
        default=Confirmation.PROVISIONAL,
    )
    #: The secret in the speaker's confirm/decline link.
    confirmation_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["proposal", "role", "position", "pk"]
        verbose_name = _("person in a proposal")
        verbose_name_plural = _("people in proposals")
        indexes = [models.Index(Lower("email"), name="proposal_person_email_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"
