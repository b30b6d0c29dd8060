"""The call's minimum criteria, evaluated per proposal, and the secretariat's screening."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sessions.models import CallForProposals, Proposal, ProposalPerson
from sessions.rules.proposals import can_screen_proposals

#: Criterion codes, in the order the call lists them, with their short names.
CRITERIA: dict[str, str] = {
    "speakers": gettext_lazy("Provisionally confirmed speakers"),
    "gender": gettext_lazy("Gender diversity among speakers"),
    "stakeholders": gettext_lazy("Speakers from several stakeholder groups"),
    "onsite": gettext_lazy("Onsite moderator and onsite speakers"),
    "previous_report": gettext_lazy("Report of the previous session"),
}

COUNTED = (ProposalPerson.Confirmation.PROVISIONAL, ProposalPerson.Confirmation.CONFIRMED)


@dataclass(frozen=True)
class CriterionResult:
    code: str
    name: str
    passed: bool
    explanation: str


def criteria_evaluate(
    *, call: CallForProposals | None, proposal: Proposal, people: Iterable[ProposalPerson]
) -> list[CriterionResult]:
    """The switched-on criteria of ``call`` for ``proposal``, each passed or failed with why."""
    if call is None:
        return []
    people = list(people)
    speakers = [
        p for p in people if p.role == ProposalPerson.Role.SPEAKER and p.confirmation != "declined"
    ]
    results = []
    if call.require_confirmed_speakers:
        count = sum(1 for p in speakers if p.confirmation in COUNTED)
        results.append(
            CriterionResult(
                "speakers",
                str(CRITERIA["speakers"]),
                count >= call.min_confirmed_speakers,
                ngettext(
                    "%(count)s speaker is confirmed or provisionally confirmed; at least %(min)s needed.",
                    "%(count)s speakers are confirmed or provisionally confirmed; at least %(min)s needed.",
                    count,
                )
                % {"count": count, "min": call.min_confirmed_speakers},
            )
        )
    if call.require_gender_diversity:
        genders = {p.gender.strip().casefold() for p in speakers if p.gender.strip()}
        results.append(
            CriterionResult(
                "gender",
                str(CRITERIA["gender"]),
                len(genders) >= 2,
                _("Genders given: %(genders)s.") % {"genders": ", ".join(sorted(genders)) or "-"},
            )
        )
    if call.require_stakeholder_diversity:
        groups = {p.stakeholder_group_id for p in speakers if p.stakeholder_group_id}
        results.append(
            CriterionResult(
                "stakeholders",
                str(CRITERIA["stakeholders"]),
                len(groups) >= call.min_stakeholder_groups,
                ngettext(
                    "Speakers come from %(count)s stakeholder group, at least %(min)s needed.",
                    "Speakers come from %(count)s stakeholder groups, at least %(min)s needed.",
                    len(groups),
                )
                % {"count": len(groups), "min": call.min_stakeholder_groups},
            )
        )
    if call.require_onsite_presence:
        onsite_moderator = any(
            p.role == ProposalPerson.Role.ONSITE_MODERATOR
            and p.participation == ProposalPerson.Participation.ONSITE
            and p.confirmation != "declined"
            for p in people
        )
        onsite = sum(1 for p in speakers if p.participation == ProposalPerson.Participation.ONSITE)
        results.append(
            CriterionResult(
                "onsite",
                str(CRITERIA["onsite"]),
                onsite_moderator and onsite >= call.min_onsite_speakers,
                (
                    ngettext(
                        "Onsite moderator: %(moderator)s; %(count)s speaker onsite, at least %(min)s needed.",
                        "Onsite moderator: %(moderator)s; %(count)s speakers onsite, at least %(min)s needed.",
                        onsite,
                    )
                    % {
                        "moderator": _("yes") if onsite_moderator else _("no"),
                        "count": onsite,
                        "min": call.min_onsite_speakers,
                    }
                ),
            )
        )
    if call.require_previous_report:
        passed = proposal.first_time_organizer or bool(proposal.previous_report_url)
        results.append(
            CriterionResult(
                "previous_report",
                str(CRITERIA["previous_report"]),
                passed,
                _("First-time organizer.")
                if proposal.first_time_organizer
                else (
                    _("Report link given.")
                    if proposal.previous_report_url
                    else _("No link to the report of the previous session.")
                ),
            )
        )
    return results


def criteria_failed_codes(
    *, call: CallForProposals | None, proposal: Proposal, people: Iterable[ProposalPerson]
) -> list[str]:
    return [
        r.code
        for r in criteria_evaluate(call=call, proposal=proposal, people=people)
        if not r.passed
    ]


def proposal_refresh_criteria(
    *, proposal: Proposal, call: CallForProposals | None = None
) -> list[str]:
    """Store which criteria ``proposal`` fails now (after an edit or a speaker's answer)."""
    if call is None:
        call = CallForProposals.objects.filter(forum_id=proposal.forum_id).first()
    failed = criteria_failed_codes(call=call, proposal=proposal, people=proposal.people.all())
    if failed != proposal.criteria_failed:
        proposal.criteria_failed = failed
        Proposal.objects.filter(pk=proposal.pk).update(criteria_failed=failed)
    return failed


def call_refresh_criteria(*, call: CallForProposals) -> int:
    """Re-evaluate every proposal of the call, after the secretariat changed the criteria."""
    proposals = list(Proposal.objects.filter(forum_id=call.forum_id).prefetch_related("people"))
    changed = []
    for proposal in proposals:
        failed = criteria_failed_codes(call=call, proposal=proposal, people=proposal.people.all())
        if failed != proposal.criteria_failed:
            proposal.criteria_failed = failed
            changed.append(proposal)
    Proposal.objects.bulk_update(changed, ["criteria_failed"], batch_size=500)
    return len(changed)


@transaction.atomic
def proposal_screen(
    *,
    proposal: Proposal,
    by,
    eligibility: str,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Proposal:
    """Mark a submitted proposal eligible or ineligible (with the reason the organizers will
    see). Nobody is told yet: the results are announced deliberately, once, by
    :func:`sessions.services.screening_announce.screening_announce`."""
    now = now or timezone.now()
    if not can_screen_proposals.test(by, proposal.forum):
        raise PermissionDenied(_("Only the secretariat screens proposals."))
    proposal = (
        Proposal.objects.select_for_update(of=("self",)).select_related("forum").get(pk=proposal.pk)
    )
    reason = (reason or "").strip()
    if eligibility not in (Proposal.Eligibility.ELIGIBLE, Proposal.Eligibility.INELIGIBLE):
        raise ValidationError({"eligibility": _("Choose eligible or ineligible.")})
    if proposal.status != Proposal.Status.SUBMITTED:
        raise ValidationError(
            {
                "eligibility": _("Only submitted proposals are screened; this one is %(status)s.")
                % {"status": proposal.get_status_display().lower()}
            }
        )
    if eligibility == Proposal.Eligibility.INELIGIBLE and not reason:
        raise ValidationError(
            {"reason": _("Give the organizers a reason when a proposal is ineligible.")}
        )
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Keep the reason under 2,000 characters.")})
    proposal.eligibility = eligibility
    proposal.eligibility_reason = reason
    proposal.screened_by = by
    proposal.screened_at = now
    proposal.save(update_fields=["eligibility", "eligibility_reason", "screened_by", "screened_at"])
    return proposal


@transaction.atomic
def proposals_screen_many(
    *,
    forum,
    by,
    proposal_ids: Iterable[int],
    eligibility: str,
    reason: str = "",
    now: dt.datetime | None = None,
) -> int:
    """Screen several submitted proposals of ``forum`` at once (all or none are changed)."""
    if not can_screen_proposals.test(by, forum):
        raise PermissionDenied(_("Only the secretariat screens proposals."))
    ids = sorted(set(proposal_ids))
    if not ids:
        raise ValidationError({"proposals": _("Select at least one proposal.")})
    proposals = list(Proposal.objects.filter(forum=forum, pk__in=ids).select_related("forum"))
    if len(proposals) != len(ids):
        raise ValidationError({"proposals": _("Some selected proposals are not in this forum.")})
    not_submitted = [p.pk for p in proposals if p.status != Proposal.Status.SUBMITTED]
    if not_submitted:
        raise ValidationError(
            {
                "proposals": _("Only submitted proposals are screened; not: %(numbers)s.")
                % {"numbers": ", ".join(str(n) for n in not_submitted)}
            }
        )
    for proposal in proposals:
        proposal_screen(proposal=proposal, by=by, eligibility=eligibility, reason=reason, now=now)
    return len(proposals)
