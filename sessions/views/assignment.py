"""The secretariat's review desk: progress, running the assignment, reminders, and one
proposal's reviewers, reviews and decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sessions.forms.assignment import ReviewerChoiceForm
from sessions.forms.decisions import DecisionForm
from sessions.models import Decision, Proposal, Review, ReviewAssignment
from sessions.rules import review as review_rules
from sessions.selectors.proposals import proposal_for
from sessions.selectors.review import review_progress, reviews_for
from sessions.services import review as review_services
from sessions.services.review_window import assignment_refusal, reminder_refusal
from sessions.views.common import forum_for, int_or_none, validation_errors


def _refuse(request: HttpRequest, exc: ValidationError) -> None:
    for msg in exc.messages:
        messages.error(request, msg)


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, review_rules.can_manage_review)
    progress = review_progress(forum=forum, viewer=request.user)
    report = request.session.pop(f"assignment_report_{forum.pk}", None)
    config = review_services.review_settings_of(forum)
    now = timezone.now()
    return render(
        request,
        "sessions/assignment/manage.html",
        {
            "forum": forum,
            "progress": progress,
            "config": config,
            "assignment_refusal": assignment_refusal(config, forum, now),
            "reminder_refusal": reminder_refusal(config, forum, now),
            "report": report,
            "eligible": review_services.eligible_proposals(forum).count(),
            "assigned_total": sum(p.assigned for p in progress),
            "submitted_total": sum(p.submitted for p in progress),
        },
    )


@login_required
@require_POST
def run_assignment(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, review_rules.can_manage_review)
    try:
        outcome = review_services.assignment_run(forum=forum, by=request.user)
    except ValidationError as exc:
        _refuse(request, exc)
        return redirect("review_manage", slug=forum.slug)
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
    forum = forum_for(request, slug, review_rules.can_manage_review)
    ids = [int(x) for x in request.POST.getlist("reviewer") if x.isdigit()] or None
    try:
        sent = review_services.reminders_send(
            forum=forum,
            by=request.user,
            reviewer_ids=ids,
            site_url=request.build_absolute_uri("/"),
        )
    except ValidationError as exc:
        _refuse(request, exc)
        return redirect("review_manage", slug=forum.slug)
    if sent:
        messages.success(
            request,
            ngettext("%(count)s reminder queued.", "%(count)s reminders queued.", sent)
            % {"count": sent},
        )
    else:
        messages.info(request, _("Nobody was reminded: no selected reviewer has pending reviews."))
    return redirect("review_manage", slug=forum.slug)


@login_required
def manage_proposal(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    """The secretariat's view of one proposal: reviews, assignments, decision and its history."""
    from sessions.services import decisions as decision_services

    forum = forum_for(request, slug, review_rules.can_manage_review)
    proposal = proposal_for(forum=forum, viewer=request.user, pk=proposal_id, purpose="decide")
    assigned_ids = ReviewAssignment.objects.filter(proposal=proposal).values("reviewer_id")
    reviewers = (
        review_services.mag_members(forum)
        .exclude(pk__in=assigned_ids)
        .exclude(review_conflicts__proposal=proposal)
        .order_by("name")
    )
    add_form = ReviewerChoiceForm(reviewers=reviewers, prefix="add")
    unreviewed = bool(decision_services.unreviewed([proposal]))
    decision_form = DecisionForm(
        forum=forum, proposal=proposal, unreviewed=unreviewed, prefix="decide"
    )
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
                    .filter(pk=int_or_none(request.POST.get("reviewer")) or 0)
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
                    request.POST,
                    forum=forum,
                    proposal=proposal,
                    unreviewed=unreviewed,
                    prefix="decide",
                )
                if decision_form.is_valid():
                    data = decision_form.cleaned_data
                    before = Decision.objects.filter(proposal=proposal, is_current=True).first()
                    decision = decision_services.decision_record(
                        proposal=proposal,
                        by=request.user,
                        outcome=data["outcome"],
                        reason=data["reason"],
                        conditions=data["conditions"],
                        merge_with=data["merge_with"],
                        offered_session_type=data["offered_session_type"],
                        comment_to_organizers=data["comment_to_organizers"],
                        confirm_unreviewed=data.get("confirm_unreviewed", False),
                    )
                    if before is not None and decision.pk == before.pk:
                        messages.info(
                            request, _("This decision was already recorded: nothing changed.")
                        )
                    else:
                        messages.success(request, _("Decision recorded."))
                    return redirect(request.path)
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as exc:
            target = {"decide": decision_form, "add": add_form}.get(action)
            for field, msgs in validation_errors(exc).items():
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
        "sessions/assignment/manage_proposal.html",
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
            "unreviewed": unreviewed,
            "page_errors": page_errors,
        },
        status=status,
    )
