"""The reviewer's pages (queue, review form, conflict) and the secretariat's review desk."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum.selectors import forum_for_viewer
from sessions.forms_review import ConflictForm, DecisionForm, ReviewerChoiceForm
from sessions.models import Decision, Proposal, Review, ReviewAssignment
from sessions.rules import review as review_rules
from sessions.selectors_review import (
    own_review,
    proposal_for_conflict,
    proposal_for_reviewer,
    proposal_for_secretariat,
    review_progress,
    review_queue,
    reviews_for,
)
from sessions.services import review as review_services
from sessions.services.review import ScoreInput


def _forum_for(request: HttpRequest, slug: str, predicate):
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    if not predicate.test(request.user, forum):
        raise Http404("No such page.")
    return forum


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"__all__": list(exc.messages)}


# --- Reviewer -------------------------------------------------------------------------------------


@login_required
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    from forum.rules import is_mag_member

    forum = _forum_for(request, slug, is_mag_member)
    rows = review_queue(forum=forum, viewer=request.user)
    done = sum(1 for r in rows if r.status == "submitted")
    config = review_services.review_settings_of(forum)
    return render(
        request,
        "sessions/review/queue.html",
        {
            "forum": forum,
            "rows": rows,
            "done": done,
            "total": len(rows),
            "percent": round(100 * done / len(rows)) if rows else 100,
            "config": config,
            "is_open": config.is_open(timezone.now()),
        },
    )


def _criteria_rows(forum, review: Review | None, posted: dict | None, errors: dict):
    existing = {s.criterion_id: s for s in review.scores.all()} if review else {}
    rows = []
    for criterion in forum.review_criteria.all():
        key = str(criterion.pk)
        if posted is not None:
            value = posted.get(f"score_{key}", "")
            reason = posted.get(f"reason_{key}", "")
            reason_text = posted.get(f"reason_text_{key}", "")
        else:
            score = existing.get(criterion.pk)
            value = str(score.value) if score else ""
            reason = str(score.reason_id or "") if score else ""
            reason_text = score.reason_text if score else ""
        rows.append(
            {
                "criterion": criterion,
                "choices": [str(v) for v in range(criterion.min_score, criterion.max_score + 1)],
                "value": value,
                "reason": reason,
                "reason_text": reason_text,
                "errors": errors.get(f"score_{key}", []),
                "reason_errors": errors.get(f"reason_{key}", []),
                "reason_text_errors": errors.get(f"reason_text_{key}", []),
            }
        )
    return rows


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return -1  # out of every range: reported as an invalid score


@login_required
def review_proposal(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    proposal = proposal_for_reviewer(forum=forum, proposal_id=proposal_id, viewer=request.user)
    config = review_services.review_settings_of(forum)
    errors: dict[str, list[str]] = {}
    posted = None
    comment, note = "", ""
    if request.method == "POST":
        posted = request.POST
        comment = posted.get("comment_to_organizers", "")
        note = posted.get("note_for_mag", "")
        scores = {}
        for criterion in forum.review_criteria.all():
            key = str(criterion.pk)
            value = _int_or_none(posted.get(f"score_{key}"))
            reason = _int_or_none(posted.get(f"reason_{key}"))
            scores[criterion.pk] = ScoreInput(
                value=value,
                reason_id=reason if reason != -1 else 0,
                reason_text=posted.get(f"reason_text_{key}", ""),
            )
        submit = posted.get("action") == "submit"
        try:
            review_services.review_save(
                proposal=proposal,
                reviewer=request.user,
                scores=scores,
                comment_to_organizers=comment,
                note_for_mag=note,
                submit=submit,
            )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(
                request, _("Your review is submitted.") if submit else _("Your draft is saved.")
            )
            return redirect("review_proposal", slug=forum.slug, proposal_id=proposal.pk)
    review = own_review(proposal=proposal, viewer=request.user)
    if posted is None and review is not None:
        comment, note = review.comment_to_organizers, review.note_for_mag
    return render(
        request,
        "sessions/review/review_form.html",
        {
            "forum": forum,
            "proposal": proposal,
            "config": config,
            "review": review,
            "criteria": _criteria_rows(forum, review, posted, errors),
            "reasons": list(forum.low_score_reasons.all()),
            "errors": errors,
            "comment": comment,
            "note": note,
            "others": reviews_for(proposal=proposal, viewer=request.user),
            "is_open": config.is_open(timezone.now()),
        },
        status=400 if errors else 200,
    )


@login_required
def declare_conflict(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    proposal = proposal_for_conflict(forum=forum, proposal_id=proposal_id, viewer=request.user)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_services.conflict_declare(
                proposal=proposal, reviewer=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            for field, msgs in _errors(exc).items():
                for msg in msgs:
                    form.add_error(field if field in form.fields else None, msg)
        else:
            messages.success(
                request,
                _("Conflict recorded: “%(title)s” has left your list and will be reassigned.")
                % {"title": proposal.title},
            )
            return redirect("review_queue", slug=forum.slug)
    return render(
        request,
        "sessions/review/conflict.html",
        {"forum": forum, "proposal": proposal, "form": form},
        status=400 if form.errors else 200,
    )


# --- Secretariat ----------------------------------------------------------------------------------


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _forum_for(request, slug, review_rules.can_manage_review)
    progress = review_progress(forum=forum, viewer=request.user)
    report = request.session.pop(f"assignment_report_{forum.pk}", None)
    return render(
        request,
        "sessions/review/manage.html",
        {
            "forum": forum,
            "progress": progress,
            "config": review_services.review_settings_of(forum),
            "report": report,
            "eligible": review_services.eligible_proposals(forum).count(),
            "assigned_total": sum(p.assigned for p in progress),
            "submitted_total": sum(p.submitted for p in progress),
        },
    )


@login_required
@require_POST
def run_assignment(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _forum_for(request, slug, review_rules.can_manage_review)
    outcome = review_services.assignment_run(forum=forum, by=request.user)
    result = outcome.result
    request.session[f"assignment_report_{forum.pk}"] = {
        "created": outcome.created,
        "removed": outcome.removed,
        "new_conflicts": outcome.new_conflicts,
        "spread": result.load_spread,
        "min_load": min(result.loads.values()) if result.loads else 0,
        "max_load": max(result.loads.values()) if result.loads else 0,
        "violated": result.conflicts_violated,
        "problems": result.problems,
        # The proposals that need a hand, so that the desk can link to them.
        "short": [
            {"id": pk, "title": title, "missing": result.short[pk]}
            for pk, title in Proposal.objects.filter(pk__in=list(result.short)[:100])
            .order_by("title", "pk")
            .values_list("pk", "title")
        ],
        "single_group": [
            {"id": pk, "title": title}
            for pk, title in Proposal.objects.filter(pk__in=result.single_group[:100])
            .order_by("title", "pk")
            .values_list("pk", "title")
        ],
    }
    messages.success(
        request,
        _("Assignment done: %(created)s new, %(removed)s moved or removed.")
        % {"created": outcome.created, "removed": outcome.removed},
    )
    return redirect("review_manage", slug=forum.slug)


@login_required
@require_POST
def send_reminders(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _forum_for(request, slug, review_rules.can_manage_review)
    ids = [int(x) for x in request.POST.getlist("reviewer") if x.isdigit()] or None
    sent = review_services.reminders_send(
        forum=forum,
        by=request.user,
        reviewer_ids=ids,
        site_url=request.build_absolute_uri("/"),
    )
    messages.success(request, _("%(count)s reminder(s) queued.") % {"count": sent})
    return redirect("review_manage", slug=forum.slug)


@login_required
def manage_proposal(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    """The secretariat's view of one proposal: reviews, assignments, decision and its history."""
    from sessions.services import decisions as decision_services

    forum = _forum_for(request, slug, review_rules.can_manage_review)
    proposal = proposal_for_secretariat(forum=forum, proposal_id=proposal_id, viewer=request.user)
    assigned_ids = ReviewAssignment.objects.filter(proposal=proposal).values("reviewer_id")
    reviewers = (
        review_services.mag_members(forum)
        .exclude(pk__in=assigned_ids)
        .exclude(review_conflicts__proposal=proposal)
        .order_by("name")
    )
    add_form = ReviewerChoiceForm(reviewers=reviewers, prefix="add")
    decision_form = DecisionForm(forum=forum, proposal=proposal, prefix="decide")
    status = 200
    page_errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add":
                add_form = ReviewerChoiceForm(request.POST, reviewers=reviewers, prefix="add")
                if add_form.is_valid():
                    review_services.assignment_add(
                        proposal=proposal,
                        reviewer=add_form.cleaned_data["reviewer"],
                        by=request.user,
                    )
                    messages.success(request, _("Reviewer added."))
                    return redirect(request.path)
            elif action == "remove":
                reviewer = (
                    review_services.mag_members(forum)
                    .filter(pk=_int_or_none(request.POST.get("reviewer")) or 0)
                    .first()
                )
                if reviewer is None:
                    raise ValidationError(_("Choose a MAG member."))
                review_services.assignment_remove(
                    proposal=proposal, reviewer=reviewer, by=request.user
                )
                messages.success(request, _("Reviewer removed."))
                return redirect(request.path)
            elif action == "decide":
                decision_form = DecisionForm(
                    request.POST, forum=forum, proposal=proposal, prefix="decide"
                )
                if decision_form.is_valid():
                    data = decision_form.cleaned_data
                    decision_services.decision_record(
                        proposal=proposal,
                        by=request.user,
                        outcome=data["outcome"],
                        reason=data["reason"],
                        conditions=data["conditions"],
                        merge_with=data["merge_with"],
                        offered_session_type=data["offered_session_type"],
                        comment_to_organizers=data["comment_to_organizers"],
                    )
                    messages.success(request, _("Decision recorded."))
                    return redirect(request.path)
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as exc:
            target = {"decide": decision_form, "add": add_form}.get(action)
            for field, msgs in _errors(exc).items():
                for msg in msgs:
                    if target is not None and target.is_bound:
                        target.add_error(field if field in target.fields else None, msg)
                    else:
                        page_errors.append(msg)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        status = 400
    return render(
        request,
        "sessions/review/manage_proposal.html",
        {
            "forum": forum,
            "proposal": proposal,
            "assignments": ReviewAssignment.objects.filter(proposal=proposal)
            .select_related("reviewer__stakeholder_group", "assigned_by")
            .order_by("reviewer__name"),
            "reviews": reviews_for(proposal=proposal, viewer=request.user) or [],
            "drafts": Review.objects.filter(proposal=proposal, status=Review.Status.DRAFT).count(),
            "conflicts": proposal.conflicts.select_related("reviewer").order_by("reviewer__name"),
            "decisions": Decision.objects.filter(proposal=proposal)
            .select_related("decided_by", "merge_with", "offered_session_type")
            .order_by("-decided_at", "-pk"),
            "add_form": add_form,
            "decision_form": decision_form,
            "page_errors": page_errors,
        },
        status=status,
    )
