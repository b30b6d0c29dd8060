"""Writes of the review stage: setup, conflicts, assignment, reviews and reminders.

Every function is keyword-only, checks who acts, writes in one transaction and takes ``now`` so
that the demo forum can replay a review period at fixed times.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.mail import mail_queue
from forum.models import Forum, ForumRole, User
from sessions.models import (
    LowScoreReason,
    NotificationTemplate,
    Outcome,
    Proposal,
    Review,
    ReviewAssignment,
    ReviewConflict,
    ReviewCriterion,
    ReviewerTheme,
    ReviewReminder,
    ReviewScore,
    ReviewSettings,
)
from sessions.rules import review as review_rules
from sessions.services import assignment as solver

#: The IGF's criteria (MAG evaluation of workshop proposals), scored 1-5.
IGF_CRITERIA = [
    ("Relevance to the theme", "Does the proposal address the forum's theme and sub-theme?", 1),
    (
        "Content and policy questions",
        "Are the policy questions clear, focused and likely to produce useful outcomes?",
        1,
    ),
    (
        "Diversity of speakers and organizers",
        "Stakeholder groups, regions, gender, newcomers and developing countries.",
        1,
    ),
    (
        "Format and interaction",
        "Does the format suit the aims, and will onsite and online participants take part?",
        1,
    ),
]
LOW_SCORE_REASONS = [
    "Weak link to the theme or sub-theme",
    "Policy questions unclear or too broad",
    "Little diversity among speakers or organizers",
    "Format does not suit the session's aims",
    "Little interaction planned with onsite and online participants",
    "Overlaps with other proposals",
    "Other (explained below)",
]
DEFAULT_TEMPLATES = {
    Outcome.ACCEPT: (
        "{forum}: your proposal “{title}” is accepted",
        "Dear {organizer_name},\n\nWe are pleased to tell you that the MAG has accepted your "
        "proposal “{title}” for {forum}.\n\n{message}\n\nComments from the reviewers:\n"
        "{comments}\n\nDetails: {link}\n\nThe {forum} secretariat",
    ),
    Outcome.ACCEPT_WITH_CONDITIONS: (
        "{forum}: your proposal “{title}” is accepted with conditions",
        "Dear {organizer_name},\n\nThe MAG has accepted your proposal “{title}” on these "
        "conditions:\n{conditions}\n\nPlease confirm that you accept them on {link}.\n\n"
        "{message}\n\nComments from the reviewers:\n{comments}\n\nThe {forum} secretariat",
    ),
    Outcome.MERGE: (
        "{forum}: a merger suggested for your proposal “{title}”",
        "Dear {organizer_name},\n\nThe MAG suggests that your proposal “{title}” merges with "
        "“{merge_with}”, which covers similar ground.\n\n{message}\n\nPlease answer on {link}."
        "\n\nComments from the reviewers:\n{comments}\n\nThe {forum} secretariat",
    ),
    Outcome.OTHER_FORMAT: (
        "{forum}: another format offered for your proposal “{title}”",
        "Dear {organizer_name},\n\nThe MAG offers your proposal “{title}” a place as "
        "{offered_format}.\n\n{message}\n\nPlease answer on {link}.\n\nComments from the "
        "reviewers:\n{comments}\n\nThe {forum} secretariat",
    ),
    Outcome.REJECT: (
        "{forum}: your proposal “{title}”",
        "Dear {organizer_name},\n\nThank you for proposing “{title}”. The MAG received many more "
        "proposals than the programme has room for, and could not accept yours.\n\n{message}\n\n"
        "Comments from the reviewers:\n{comments}\n\nDetails: {link}\n\nThe {forum} secretariat",
    ),
}


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _require(predicate, user, obj, message: str) -> None:
    if not predicate.test(user, obj):
        raise PermissionDenied(message)


# --- Setup ----------------------------------------------------------------------------------------


@transaction.atomic
def review_setup_defaults(*, forum: Forum) -> ReviewSettings:
    """The forum's review settings, with the IGF criteria, reasons and templates when it has none.

    Idempotent: what the secretariat has changed is left alone."""
    settings_row, _created = ReviewSettings.objects.get_or_create(forum=forum)
    if not forum.review_criteria.exists():
        ReviewCriterion.objects.bulk_create(
            ReviewCriterion(
                forum=forum, name=name, help_text=help_text, weight=Decimal(weight), position=i
            )
            for i, (name, help_text, weight) in enumerate(IGF_CRITERIA)
        )
    if not forum.low_score_reasons.exists():
        LowScoreReason.objects.bulk_create(
            LowScoreReason(forum=forum, text=text, position=i)
            for i, text in enumerate(LOW_SCORE_REASONS)
        )
    have = set(forum.notification_templates.values_list("outcome", flat=True))
    NotificationTemplate.objects.bulk_create(
        NotificationTemplate(forum=forum, outcome=outcome, subject=subject, body=body)
        for outcome, (subject, body) in DEFAULT_TEMPLATES.items()
        if outcome not in have
    )
    return settings_row


def review_settings_of(forum: Forum) -> ReviewSettings:
    """Read-only: the stored settings or unsaved defaults."""
    return ReviewSettings.objects.filter(forum=forum).first() or ReviewSettings(forum=forum)


# --- Conflicts ------------------------------------------------------------------------------------


def _norm_org(value: str) -> str:
    return " ".join(value.casefold().split())


def eligible_proposals(forum: Forum):
    return Proposal.objects.filter(
        forum=forum,
        status=Proposal.Status.SUBMITTED,
        eligibility=Proposal.Eligibility.ELIGIBLE,
    )


def mag_members(forum: Forum):
    return User.objects.filter(
        forum_roles__forum=forum, forum_roles__role=ForumRole.Role.MAG_MEMBER, is_active=True
    ).select_related("stakeholder_group")


def find_conflicts(
    *, forum: Forum, proposal_ids: list[int] | None = None
) -> dict[tuple[int, int], tuple[str, str]]:
    """(proposal id, reviewer id) -> (source, reason) for every automatic conflict.

    A MAG member conflicts with a proposal they organise or speak in (matched by account or by
    email address) or whose organizers or people share their organisation."""
    from sessions.models import ProposalOrganizer, ProposalPerson

    reviewers = list(mag_members(forum).select_related(None).only("id", "email", "organisation"))
    by_email = {r.email.lower(): r for r in reviewers}
    by_id = {r.id: r for r in reviewers}
    by_org: dict[str, list[User]] = defaultdict(list)
    for r in reviewers:
        if _norm_org(r.organisation):
            by_org[_norm_org(r.organisation)].append(r)
    proposals = eligible_proposals(forum)
    if proposal_ids is not None:
        proposals = proposals.filter(pk__in=proposal_ids)
    found: dict[tuple[int, int], tuple[str, str]] = {}

    def note(proposal_id: int, reviewer: User, source: str, reason: str) -> None:
        # The first reason found is kept; organizer beats speaker beats organisation.
        found.setdefault((proposal_id, reviewer.id), (source, reason))

    for model, source in (
        (ProposalOrganizer, ReviewConflict.Source.ORGANIZER),
        (ProposalPerson, ReviewConflict.Source.SPEAKER),
    ):
        rows = model.objects.filter(proposal__in=proposals).values_list(
            "proposal_id", "user_id", "email", "name"
        )
        for proposal_id, user_id, email, name in rows:
            reviewer = by_id.get(user_id) or by_email.get((email or "").lower())
            if reviewer is not None:
                what = "organizer" if source == ReviewConflict.Source.ORGANIZER else "speaker"
                note(proposal_id, reviewer, source, f"Named as {what} ({name}).")
    for model in (ProposalOrganizer, ProposalPerson):
        rows = model.objects.filter(proposal__in=proposals).exclude(organisation="")
        for proposal_id, organisation in rows.values_list("proposal_id", "organisation"):
            for reviewer in by_org.get(_norm_org(organisation), ()):
                note(
                    proposal_id,
                    reviewer,
                    ReviewConflict.Source.ORGANISATION,
                    f"Same organisation: {organisation}.",
                )
    return found


@transaction.atomic
def conflicts_detect(*, forum: Forum, now: dt.datetime | None = None) -> int:
    """Record the automatic conflicts not recorded yet and take those proposals off the
    reviewers' lists (their reviews go too). Returns how many conflicts are new."""
    now = _now(now)
    found = find_conflicts(forum=forum)
    known = set(
        ReviewConflict.objects.filter(proposal__forum=forum).values_list(
            "proposal_id", "reviewer_id"
        )
    )
    new = [
        ReviewConflict(proposal_id=p, reviewer_id=r, source=source, reason=reason, created_at=now)
        for (p, r), (source, reason) in sorted(found.items())
        if (p, r) not in known
    ]
    ReviewConflict.objects.bulk_create(new)
    for conflict in new:
        _drop_pair(conflict.proposal_id, conflict.reviewer_id)
    return len(new)


def _drop_pair(proposal_id: int, reviewer_id: int) -> None:
    ReviewAssignment.objects.filter(proposal_id=proposal_id, reviewer_id=reviewer_id).delete()
    Review.objects.filter(proposal_id=proposal_id, reviewer_id=reviewer_id).delete()


@transaction.atomic
def conflict_declare(
    *, proposal: Proposal, reviewer: User, reason: str, now: dt.datetime | None = None
) -> ReviewConflict:
    """A MAG member declares a conflict: the proposal leaves their list and is reassigned."""
    now = _now(now)
    _require(
        review_rules.can_declare_conflict,
        reviewer,
        proposal,
        _("Only a MAG member can declare a conflict, once, on an eligible proposal."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say briefly why you have a conflict of interest.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Keep the reason under 2,000 characters.")})
    conflict = ReviewConflict.objects.create(
        proposal=proposal,
        reviewer=reviewer,
        source=ReviewConflict.Source.DECLARED,
        reason=reason,
        created_at=now,
    )
    was_assigned = ReviewAssignment.objects.filter(proposal=proposal, reviewer=reviewer).exists()
    _drop_pair(proposal.pk, reviewer.pk)
    if was_assigned:
        _assign(forum=proposal.forum, by=None, now=now)
    return conflict


# --- Assignment -----------------------------------------------------------------------------------


@dataclass
class AssignmentOutcome:
    result: solver.AssignmentResult
    created: int
    removed: int
    new_conflicts: int


def build_problem(forum: Forum) -> solver.AssignmentProblem:
    config = review_settings_of(forum)
    proposals = list(eligible_proposals(forum).order_by("pk").values_list("pk", "theme_id"))
    themes_of: dict[int, set[int]] = defaultdict(set)
    for reviewer_id, theme_id, parent_id in ReviewerTheme.objects.filter(forum=forum).values_list(
        "reviewer_id", "theme_id", "theme__parent_id"
    ):
        themes_of[reviewer_id].add(theme_id)
        if parent_id:
            themes_of[reviewer_id].add(parent_id)
    reviewers = [
        solver.Reviewer(id=r.pk, group=r.stakeholder_group_id, theme_ids=frozenset(themes_of[r.pk]))
        for r in mag_members(forum).order_by("pk")
    ]
    proposal_ids = [p for p, _ in proposals]
    conflicts = set(
        ReviewConflict.objects.filter(proposal__forum=forum).values_list(
            "proposal_id", "reviewer_id"
        )
    )
    fixed, preferred = set(), set()
    started = set(
        Review.objects.filter(proposal__forum=forum).values_list("proposal_id", "reviewer_id")
    )
    for p, r, by in ReviewAssignment.objects.filter(proposal_id__in=proposal_ids).values_list(
        "proposal_id", "reviewer_id", "assigned_by_id"
    ):
        if by is not None or (p, r) in started:
            fixed.add((p, r))
        else:
            preferred.add((p, r))
    return solver.AssignmentProblem(
        proposals=[solver.ProposalSlot(id=p, theme_id=t) for p, t in proposals],
        reviewers=reviewers,
        k=config.reviewers_per_proposal,
        min_groups=config.min_stakeholder_groups,
        keep_within_theme=config.keep_within_theme,
        conflicts=conflicts,
        existing=fixed,
        preferred=preferred,
    )


def _lock(forum: Forum) -> None:
    """Serialise the forum's assignment runs and reminder rounds (two clicks, two beat runs)."""
    ReviewSettings.objects.get_or_create(forum=forum)
    ReviewSettings.objects.select_for_update().filter(forum=forum).first()


def _assign(*, forum: Forum, by: User | None, now: dt.datetime) -> AssignmentOutcome:
    _lock(forum)
    new_conflicts = conflicts_detect(forum=forum, now=now)
    problem = build_problem(forum)
    result = solver.solve(problem)
    wanted = set(result.pairs)
    stale = problem.preferred - wanted
    removed = 0
    for p, r in sorted(stale):
        removed += ReviewAssignment.objects.filter(proposal_id=p, reviewer_id=r).delete()[0]
    # Assignments of proposals no longer eligible (withdrawn, screened out) without a review.
    removed += (
        ReviewAssignment.objects.filter(proposal__forum=forum, assigned_by__isnull=True)
        .exclude(proposal__in=eligible_proposals(forum))
        .exclude(
            Exists(
                Review.objects.filter(proposal=OuterRef("proposal"), reviewer=OuterRef("reviewer"))
            )
        )
        .delete()[0]
    )
    to_create = sorted(wanted - problem.preferred)
    ReviewAssignment.objects.bulk_create(
        ReviewAssignment(proposal_id=p, reviewer_id=r, assigned_at=now) for p, r in to_create
    )
    return AssignmentOutcome(
        result=result, created=len(to_create), removed=removed, new_conflicts=new_conflicts
    )


@transaction.atomic
def assignment_run(*, forum: Forum, by: User, now: dt.datetime | None = None) -> AssignmentOutcome:
    """Give every eligible proposal its reviewers (see :mod:`sessions.services.assignment`).

    Started reviews and the secretariat's manual assignments stay; earlier automatic ones stay
    unless moving them is needed to meet the constraints."""
    _require(review_rules.can_manage_review, by, forum, _("Only the secretariat assigns reviews."))
    review_setup_defaults(forum=forum)
    return _assign(forum=forum, by=by, now=_now(now))


def assignment_add(
    *, proposal: Proposal, reviewer: User, by: User, now: dt.datetime | None = None
) -> ReviewAssignment:
    """A manual assignment by the secretariat (kept by later automatic runs)."""
    _require(review_rules.can_manage_review, by, proposal.forum, _("Only the secretariat assigns."))
    # Record any conflict found since the last run first, so that it stands even if we refuse.
    conflicts_detect(forum=proposal.forum, now=now)
    with transaction.atomic():
        if not review_rules.is_eligible_proposal.test(reviewer, proposal):
            raise ValidationError(_("Only eligible, submitted proposals are reviewed."))
        if not mag_members(proposal.forum).filter(pk=reviewer.pk).exists():
            raise ValidationError(
                _("%(name)s is not a MAG member of this forum.") % {"name": reviewer}
            )
        if ReviewConflict.objects.filter(proposal=proposal, reviewer=reviewer).exists():
            raise ValidationError(
                _("%(name)s has a conflict of interest with this proposal.") % {"name": reviewer}
            )
        assignment, created = ReviewAssignment.objects.get_or_create(
            proposal=proposal,
            reviewer=reviewer,
            defaults={"assigned_by": by, "assigned_at": _now(now)},
        )
        if not created:
            raise ValidationError(_("%(name)s already reviews this proposal.") % {"name": reviewer})
        return assignment


@transaction.atomic
def assignment_remove(*, proposal: Proposal, reviewer: User, by: User) -> None:
    _require(review_rules.can_manage_review, by, proposal.forum, _("Only the secretariat assigns."))
    if Review.objects.filter(
        proposal=proposal, reviewer=reviewer, status=Review.Status.SUBMITTED
    ).exists():
        raise ValidationError(
            _("%(name)s has submitted a review of this proposal; it cannot be unassigned.")
            % {"name": reviewer}
        )
    deleted = ReviewAssignment.objects.filter(proposal=proposal, reviewer=reviewer).delete()[0]
    if not deleted:
        raise ValidationError(_("%(name)s does not review this proposal.") % {"name": reviewer})
    Review.objects.filter(proposal=proposal, reviewer=reviewer).delete()


# --- Reviews --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreInput:
    value: int | None
    reason_id: int | None = None
    reason_text: str = ""


def weighted_total(values: dict[int, int], criteria: list[ReviewCriterion]) -> float:
    weights = {c.pk: float(c.weight) for c in criteria}
    total_weight = sum(weights[c] for c in values)
    if not total_weight:
        return sum(values.values()) / len(values)
    return sum(weights[c] * v for c, v in values.items()) / total_weight


@transaction.atomic
def review_save(
    *,
    proposal: Proposal,
    reviewer: User,
    scores: dict[int, ScoreInput],
    comment_to_organizers: str = "",
    note_for_mag: str = "",
    submit: bool = False,
    now: dt.datetime | None = None,
) -> Review:
    """Save a reviewer's draft, or submit it. A draft keeps whatever is valid so far; submitting
    needs every criterion scored and a reason for every low score. Every problem is reported at
    once (ValidationError keyed ``score_<criterion id>``, ``reason_<criterion id>``, ...)."""
    now = _now(now)
    _require(
        review_rules.can_review_proposal,
        reviewer,
        proposal,
        _("This proposal is not on your review list."),
    )
    config = review_settings_of(proposal.forum)
    if not config.is_open(now):
        raise ValidationError(_("The review period is closed: reviews cannot be changed."))
    criteria = list(proposal.forum.review_criteria.all())
    if not criteria:
        raise ValidationError(_("The secretariat has not set the review criteria yet."))
    reasons = {r.pk for r in proposal.forum.low_score_reasons.all()}
    errors: dict[str, str] = {}
    clean: dict[int, ScoreInput] = {}
    for criterion in criteria:
        given = scores.get(criterion.pk)
        key = str(criterion.pk)
        if given is None or given.value is None:
            if submit:
                errors[f"score_{key}"] = _("Give a score from %(lo)s to %(hi)s.") % {
                    "lo": criterion.min_score,
                    "hi": criterion.max_score,
                }
            continue
        if not criterion.min_score <= given.value <= criterion.max_score:
            errors[f"score_{key}"] = _("The score must be from %(lo)s to %(hi)s.") % {
                "lo": criterion.min_score,
                "hi": criterion.max_score,
            }
            continue
        if given.reason_id is not None and given.reason_id not in reasons:
            errors[f"reason_{key}"] = _("Choose a reason from the list.")
            continue
        if len(given.reason_text) > 2000:
            errors[f"reason_text_{key}"] = _("Keep the explanation under 2,000 characters.")
            continue
        if submit and given.value <= config.reason_required_at_or_below:
            if given.reason_id is None:
                errors[f"reason_{key}"] = _(
                    "A score of %(value)s needs a reason: choose one from the list."
                ) % {"value": given.value}
            if not given.reason_text.strip():
                errors[f"reason_text_{key}"] = _(
                    "A score of %(value)s needs a few words of explanation."
                ) % {"value": given.value}
        clean[criterion.pk] = given
    for field, value in (
        ("comment_to_organizers", comment_to_organizers),
        ("note_for_mag", note_for_mag),
    ):
        if len(value) > 5000:
            errors[field] = _("Keep this under 5,000 characters.")
    if errors:
        raise ValidationError(errors)

    review, _created = Review.objects.select_for_update().get_or_create(
        proposal=proposal, reviewer=reviewer, defaults={"created_at": now}
    )
    review.comment_to_organizers = comment_to_organizers
    review.note_for_mag = note_for_mag
    review.updated_at = now
    ReviewScore.objects.filter(review=review).exclude(criterion_id__in=clean).delete()
    for criterion_id, given in clean.items():
        ReviewScore.objects.update_or_create(
            review=review,
            criterion_id=criterion_id,
            defaults={
                "value": given.value,
                "reason_id": given.reason_id,
                "reason_text": given.reason_text.strip(),
            },
        )
    if submit:
        review.status = Review.Status.SUBMITTED
        review.submitted_at = review.submitted_at or now
    if review.status == Review.Status.SUBMITTED:
        review.total = weighted_total({c: s.value for c, s in clean.items()}, criteria)
    review.save()
    return review


# --- Reminders ------------------------------------------------------------------------------------


def pending_by_reviewer(forum: Forum) -> dict[int, int]:
    """Reviewer id -> assigned proposals not yet reviewed (submitted)."""
    rows = (
        ReviewAssignment.objects.filter(proposal__in=eligible_proposals(forum))
        .exclude(
            Exists(
                Review.objects.filter(
                    proposal=OuterRef("proposal"),
                    reviewer=OuterRef("reviewer"),
                    status=Review.Status.SUBMITTED,
                )
            )
        )
        .values("reviewer_id")
        .annotate(n=Count("pk"))
    )
    return {row["reviewer_id"]: row["n"] for row in rows}


@transaction.atomic
def reminders_send(
    *,
    forum: Forum,
    by: User | None = None,
    now: dt.datetime | None = None,
    reviewer_ids: list[int] | None = None,
    site_url: str = "",
) -> int:
    """Mail each reviewer with pending reviews (through the outbox). Sent by the secretariat
    (``by``) at any time, or by beat (``by=None``) while the window is open and at most once per
    ``reminder_interval_days``. Returns how many reminders were queued."""
    now = _now(now)
    if by is not None:
        _require(review_rules.can_manage_review, by, forum, _("Only the secretariat reminds."))
    config = review_settings_of(forum)
    if by is None and not (config.pk and config.is_open(now)):
        return 0
    _lock(forum)
    pending = pending_by_reviewer(forum)
    if reviewer_ids is not None:
        pending = {r: n for r, n in pending.items() if r in set(reviewer_ids)}
    if by is None:
        cutoff = now - dt.timedelta(days=config.reminder_interval_days)
        recent = set(
            ReviewReminder.objects.filter(forum=forum, sent_at__gt=cutoff).values_list(
                "reviewer_id", flat=True
            )
        )
        pending = {r: n for r, n in pending.items() if r not in recent}
    from sessions.services.decisions import site_root

    link = site_root(site_url) + reverse("review_queue", kwargs={"slug": forum.slug})
    closes = (
        _(" The review period closes on %(date)s.")
        % {"date": config.closes_at.astimezone(forum.tzinfo).strftime("%d %B %Y, %H:%M")}
        if config.closes_at
        else ""
    )
    sent = 0
    for reviewer in User.objects.filter(pk__in=pending).order_by("pk"):
        count = pending[reviewer.pk]
        mail_queue(
            to=reviewer.email,
            forum=forum,
            subject=_("%(forum)s: %(count)s proposal(s) wait for your review")
            % {"forum": forum.name, "count": count},
            body=_(
                "Dear %(name)s,\n\n%(count)s proposal(s) on your review list for %(forum)s have no "
                "submitted review from you yet.%(closes)s\n\nYour list: %(link)s\n"
            )
            % {
                "name": reviewer.name,
                "count": count,
                "forum": forum.name,
                "closes": closes,
                "link": link,
            },
        )
        ReviewReminder.objects.create(forum=forum, reviewer=reviewer, pending=count, sent_at=now)
        sent += 1
    return sent


def reminders_send_all(*, now: dt.datetime | None = None) -> int:
    """Beat: remind the reviewers of every forum whose review window is open."""
    now = _now(now)
    total = 0
    open_forums = ReviewSettings.objects.filter(
        Q(opens_at__isnull=True) | Q(opens_at__lte=now),
        Q(closes_at__isnull=True) | Q(closes_at__gt=now),
    ).select_related("forum")
    for config in open_forums:
        total += reminders_send(forum=config.forum, now=now)
    return total
