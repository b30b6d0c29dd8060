"""Editing, submitting, approving and returning a session report.

Every write checks permission through the rules, runs in one transaction with the report row
locked, and raises the report's revision: an edit made on an older revision is refused with
:class:`StaleReport` (the caller keeps the text the person typed and shows the newer version)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.mail import mail_queue
from reports.models.reports import MAX_POINTS, SessionReport
from reports.rules import can_edit_report, can_review_report, can_submit_report

#: The fields a draft edit may change.
EDITABLE_FIELDS = (
    "key_takeaways",
    "calls_to_action",
    "presentations_summary",
    "discussion",
    "way_forward",
    "participants_onsite",
    "participants_online",
    "participants_hubs",
    "participants_women",
    "gender_discussed",
    "gender_notes",
)


class StaleReport(Exception):
    """The report changed since the editor loaded it."""

    def __init__(self, report: SessionReport):
        super().__init__(
            _("Someone else saved this report in the meantime (now revision %(rev)s).")
            % {"rev": report.revision}
        )
        self.report = report


def _points(value) -> list[str]:
    return [str(p).strip() for p in (value or []) if str(p).strip()]


def _lock(report: SessionReport) -> SessionReport:
    return (
        SessionReport.objects.select_for_update().select_related("session__forum").get(pk=report.pk)
    )


def _validate_points(report: SessionReport) -> None:
    errors = {}
    for field in ("key_takeaways", "calls_to_action"):
        if len(getattr(report, field)) > MAX_POINTS:
            errors[field] = _("At most %(n)s points.") % {"n": MAX_POINTS}
    if errors:
        raise ValidationError(errors)


def report_update(
    *, report: SessionReport, by, revision: int, data: dict, sdgs=None
) -> SessionReport:
    """Save a draft (or returned) report's fields from ``data``, if ``revision`` is current."""
    with transaction.atomic():
        locked = _lock(report)
        if not can_edit_report.test(by, locked):
            raise PermissionDenied
        if locked.revision != revision:
            raise StaleReport(locked)
        for field in EDITABLE_FIELDS:
            if field not in data:
                continue
            value = data[field]
            if field in ("key_takeaways", "calls_to_action"):
                value = _points(value)
            setattr(locked, field, value)
        _validate_points(locked)
        if sdgs is not None:
            locked.sdgs.set(sdgs)
        locked.revision += 1
        locked.updated_at = timezone.now()
        locked.updated_by = by
        locked.save()
    return locked


def report_submit(*, report: SessionReport, by, revision: int | None = None) -> SessionReport:
    """Submit the report to the secretariat (rapporteurs, organizers, or the secretariat)."""
    with transaction.atomic():
        locked = _lock(report)
        if not can_submit_report.test(by, locked):
            raise PermissionDenied
        if revision is not None and locked.revision != revision:
            raise StaleReport(locked)
        _validate_points(locked)
        if locked.kind == SessionReport.Kind.SHORT and not locked.key_takeaways:
            raise ValidationError({"key_takeaways": _("Give at least one key takeaway.")})
        if locked.kind == SessionReport.Kind.FULL and not (
            locked.presentations_summary or locked.discussion
        ):
            raise ValidationError(
                {"discussion": _("Summarise the presentations or the discussion.")}
            )
        now = timezone.now()
        locked.status = SessionReport.Status.SUBMITTED
        locked.submitted_at = now
        locked.submitted_by = by
        locked.revision += 1
        locked.updated_at = now
        locked.updated_by = by
        locked.save()
    return locked


def _review(report: SessionReport, by) -> SessionReport:
    locked = _lock(report)
    if not can_review_report.test(by, locked):
        raise PermissionDenied
    if locked.status != SessionReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be reviewed."))
    return locked


def report_approve(*, report: SessionReport, by) -> SessionReport:
    """Approve a submitted report and publish it (secretariat)."""
    with transaction.atomic():
        locked = _review(report, by)
        now = timezone.now()
        locked.status = SessionReport.Status.APPROVED
        locked.reviewed_at = now
        locked.reviewed_by = by
        locked.published_at = now
        locked.revision += 1
        locked.save()
    return locked


def report_return(*, report: SessionReport, by, comment: str) -> SessionReport:
    """Return a submitted report to its authors with the secretariat's comments, and mail them."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what should change.")})
    with transaction.atomic():
        locked = _review(report, by)
        locked.status = SessionReport.Status.RETURNED
        locked.reviewed_at = timezone.now()
        locked.reviewed_by = by
        locked.review_comment = comment[:5000]
        locked.revision += 1
        locked.save()
        session = locked.session
        for address in report_recipients(report=locked):
            mail_queue(
                to=address,
                forum=session.forum,
                subject=_("Your report on “%(title)s” was returned") % {"title": session.title},
                body=_(
                    "The secretariat returned the %(kind)s of “%(title)s” with these comments:"
                    "\n\n%(comment)s\n\nEdit and submit it again: %(url)s\n"
                )
                % {
                    "kind": locked.get_kind_display().lower(),
                    "title": session.title,
                    "comment": comment,
                    "url": report_url(report=locked),
                },
            )
    return locked


def report_url(*, report: SessionReport) -> str:
    return reverse(
        "reports:edit",
        kwargs={"slug": report.session.forum.slug, "report_id": report.pk},
    )


def report_recipients(*, report: SessionReport) -> list[str]:
    """The addresses of the session's rapporteurs and organizers (each once)."""
    from sessions.models import ProposalPerson

    proposal = report.session.proposal
    if proposal is None:
        return []
    seen: dict[str, None] = {}
    for o in proposal.organizers.all():
        if o.email:
            seen.setdefault(o.email.lower(), None)
    for p in proposal.people.filter(role=ProposalPerson.Role.RAPPORTEUR):
        if p.email:
            seen.setdefault(p.email.lower(), None)
    return list(seen)
