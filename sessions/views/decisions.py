"""Notification templates (edit, preview, send) and the organizers' outcome page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from forum.selectors import forum_for_viewer
from sessions.forms.decisions import TemplateForm
from sessions.models import PLACEHOLDERS, Decision, Outcome
from sessions.rules import review as review_rules
from sessions.selectors.review import (
    eligible_proposals,
    outcome_for_organizer,
    proposals_with_outcomes,
)
from sessions.services import decision_notices
from sessions.services import decisions as decision_services
from sessions.views.common import forum_for, validation_errors


@login_required
def notifications(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, review_rules.can_manage_review)
    templates = decision_notices.templates_for(forum)
    forms = {
        outcome: TemplateForm(prefix=outcome, initial={"subject": t.subject, "body": t.body})
        for outcome, t in templates.items()
    }
    status = 200
    if request.method == "POST":
        outcome = request.POST.get("outcome")
        if outcome in Outcome.values:
            form = TemplateForm(request.POST, prefix=outcome)
            forms[outcome] = form
            if form.is_valid():
                try:
                    decision_notices.template_update(
                        forum=forum,
                        outcome=outcome,
                        subject=form.cleaned_data["subject"],
                        body=form.cleaned_data["body"],
                        by=request.user,
                    )
                except ValidationError as exc:
                    for field, msgs in validation_errors(exc).items():
                        for msg in msgs:
                            form.add_error(field if field in form.fields else None, msg)
                else:
                    messages.success(request, _("Template saved."))
                    return redirect("review_notifications", slug=forum.slug)
            status = 400
    pending = list(decision_notices.pending_notifications(forum, viewer=request.user))
    site_url = request.build_absolute_uri("/")
    # Each template is previewed with a real pending decision of its kind, or else with a sample
    # built on one of the forum's eligible proposals (nothing is saved).
    real = {}
    for decision in pending:
        real.setdefault(decision.outcome, decision)
    sample_proposal = (
        eligible_proposals(forum)
        .exclude(review_rules.conflict_q(request.user))
        .select_related("forum")
        .prefetch_related("organizers")
        .order_by("pk")
        .first()
    )
    previews = {}
    for outcome in Outcome.values:
        decision = real.get(outcome)
        if decision is None and sample_proposal is not None:
            decision = Decision(
                proposal=sample_proposal,
                outcome=outcome,
                conditions=_("(the conditions)"),
                comment_to_organizers=_("(your message to the organizers)"),
            )
        if decision is None:
            continue
        mails = decision_notices.mails_for(decision, templates[outcome], site_url)
        if mails:
            previews[outcome] = (mails[0], outcome not in real)
    return render(
        request,
        "sessions/decisions/notifications.html",
        {
            "forum": forum,
            "sections": [
                (value, label, forms[value], previews.get(value))
                for value, label in Outcome.choices
            ],
            "placeholders": PLACEHOLDERS.items(),
            "pending": pending,
        },
        status=status,
    )


@login_required
@require_POST
def send_notifications(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, review_rules.can_manage_review)
    ids = [int(x) for x in request.POST.getlist("decision") if x.isdigit()]
    if not ids:
        messages.error(request, _("Select at least one decision to announce."))
        return redirect("review_notifications", slug=forum.slug)
    count = decision_notices.notifications_send(
        forum=forum, by=request.user, decision_ids=ids, site_url=request.build_absolute_uri("/")
    )
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s notification queued for sending.",
                "%(count)s notifications queued for sending.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("No notification was queued."))
    return redirect("review_notifications", slug=forum.slug)


def confirm_unreviewed_page(
    request: HttpRequest, forum, exc: decision_services.UnreviewedProposals, back: str
) -> HttpResponse:
    """Before a bulk decision touches proposals nobody reviewed: list them, and post the same
    form again with their ids once the secretariat confirms (nothing is recorded until then)."""
    resend = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "confirm_unreviewed")
        for value in values
    ]
    return render(
        request,
        "sessions/decisions/confirm_unreviewed.html",
        {
            "forum": forum,
            "proposals": exc.proposals,
            "outcome": dict(Outcome.choices).get(request.POST.get("outcome", ""), ""),
            "resend": resend,
            "action": request.path,
            "back": back,
        },
    )


@login_required
def outcome(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    """What the organizers see: the announced decision and the reviewers' comments, no names."""
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    result = outcome_for_organizer(forum=forum, proposal_id=proposal_id, viewer=request.user)
    if request.method == "POST":
        if result.decision is None:
            messages.error(request, _("There is no decision to answer yet."))
        else:
            try:
                decision_services.decision_respond(
                    decision=result.decision,
                    user=request.user,
                    accept=request.POST.get("answer") == "accept",
                )
            except (ValidationError, PermissionDenied) as exc:
                for msg in getattr(exc, "messages", [str(exc)]):
                    messages.error(request, msg)
            else:
                messages.success(request, _("Thank you: your answer is recorded."))
        return redirect("proposal_outcome", slug=forum.slug, proposal_id=proposal_id)
    return render(
        request,
        "sessions/decisions/outcome.html",
        {"forum": forum, "outcome": result},
    )


@login_required
def my_outcomes(request: HttpRequest, slug: str) -> HttpResponse:
    """The viewer's proposals (as organizer) and the decisions announced on them."""
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    proposals = list(proposals_with_outcomes(forum=forum, viewer=request.user))
    return render(
        request, "sessions/decisions/my_outcomes.html", {"forum": forum, "proposals": proposals}
    )
