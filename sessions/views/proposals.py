"""The organizer's pages: my proposals, a proposal's page, withdrawal, and the speaker's answer."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from forum.selectors import forum_for_viewer
from sessions.models import ProposalPerson
from sessions.rules.proposals import can_edit_proposal, can_propose
from sessions.rules.review import can_see_outcome
from sessions.selectors.call import call_for, call_is_open, deadline_for
from sessions.selectors.proposal_flags import proposal_flags
from sessions.selectors.proposals import (
    person_for_token,
    proposal_for,
    proposals_of_organizer,
)
from sessions.selectors.review import outcome_for_organizer
from sessions.services import proposals as services
from sessions.services.screening import criteria_evaluate


@login_required
def my_proposals(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    proposals = list(proposals_of_organizer(forum=forum, viewer=request.user))
    now = timezone.now()
    rows = []
    for proposal in proposals:
        deadline = deadline_for(forum=forum, session_type=proposal.session_type)
        speakers = [p for p in proposal.people.all() if p.role == ProposalPerson.Role.SPEAKER]
        rows.append(
            {
                "proposal": proposal,
                "deadline": deadline,
                "editable": proposal.status != proposal.Status.WITHDRAWN
                and (deadline is None or now <= deadline),
                "confirmed": sum(1 for p in speakers if p.confirmation == "confirmed"),
                "declined": sum(1 for p in speakers if p.confirmation == "declined"),
                "speakers": len(speakers),
            }
        )
    return render(
        request,
        "sessions/proposals/mine.html",
        {
            "forum": forum,
            "rows": rows,
            "may_propose": can_propose.test(request.user, forum) and call_is_open(forum),
            "call": call_for(forum=forum),
        },
    )


@login_required
def proposal_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    proposal = proposal_for(forum=forum, viewer=request.user, pk=pk, purpose="view")
    call = call_for(forum=forum)
    people = list(proposal.people.all())
    return render(
        request,
        "sessions/proposals/detail.html",
        {
            "forum": forum,
            "proposal": proposal,
            "speakers": [p for p in people if p.role == ProposalPerson.Role.SPEAKER],
            "others": [p for p in people if p.role != ProposalPerson.Role.SPEAKER],
            "criteria": criteria_evaluate(call=call, proposal=proposal, people=people),
            "may_edit": can_edit_proposal.test(request.user, proposal),
            "flags": proposal_flags(proposal=proposal),
            # The announced decision and the reviewers' comments, never who wrote them.
            "outcome": outcome_for_organizer(
                forum=forum, proposal_id=proposal.pk, viewer=request.user
            )
            if can_see_outcome.test(request.user, proposal)
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET asks to confirm (withdrawing cannot be undone); POST withdraws."""
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    proposal = proposal_for(forum=forum, viewer=request.user, pk=pk, purpose="organize")
    if request.method == "GET":
        if not can_edit_proposal.test(request.user, proposal):
            return redirect("proposal_mine", slug=forum.slug)
        return render(
            request, "sessions/proposals/withdraw.html", {"forum": forum, "proposal": proposal}
        )
    try:
        services.proposal_withdraw(proposal=proposal, by=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("proposal_mine", slug=forum.slug)
    messages.success(
        request, _('The proposal "%(title)s" is withdrawn.') % {"title": proposal.title}
    )
    return redirect("proposal_mine", slug=forum.slug)


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="20/m", method="POST", block=True)
def proposal_person_answer(request: HttpRequest, slug: str, token: uuid.UUID) -> HttpResponse:
    """The page behind the link in a speaker's email: no account needed, the link is the key."""
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    person = person_for_token(forum=forum, token=token)
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("confirm", "decline"):
            raise Http404
        person = services.proposal_person_answer(token=token, accept=answer == "confirm")
        messages.success(
            request,
            _("Thank you: you have confirmed.")
            if answer == "confirm"
            else _("Thank you: you have declined."),
        )
        return redirect("proposal_person_answer", slug=forum.slug, token=token)
    return render(request, "sessions/proposals/answer.html", {"forum": forum, "person": person})
