"""The secretariat's screening: the filtered list, exports, and marking a proposal eligible."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from forum import regions
from forum.selectors import forum_for_viewer
from sessions.forms.screening import BulkScreenForm, FilterForm, ScreenForm
from sessions.rules.proposals import can_screen_proposals
from sessions.selectors.call import call_for
from sessions.selectors.proposal_flags import proposal_flags
from sessions.selectors.proposals import (
    proposal_for,
    proposals_for_screening,
)
from sessions.services.screening import (
    CRITERIA,
    criteria_evaluate,
    proposal_screen,
    proposals_screen_many,
)
from sessions.services.screening_announce import screening_announce, screening_unannounced
from sessions.views.exports import proposals_csv, proposals_xlsx

PAGE_SIZE = 50


def _screening_forum(request, slug):
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    if not can_screen_proposals.test(request.user, forum):
        raise Http404
    return forum


@login_required
@require_http_methods(["GET", "POST"])
def screening_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The filtered list; a POST screens the ticked proposals at once, then shows the list again
    with the same filters."""
    forum = _screening_forum(request, slug)
    bulk_form, status = None, 200
    if request.method == "POST":
        bulk_form = BulkScreenForm(request.POST)
        if bulk_form.is_valid():
            try:
                count = proposals_screen_many(
                    forum=forum,
                    by=request.user,
                    proposal_ids=bulk_form.cleaned_data["proposals"],
                    eligibility=bulk_form.cleaned_data["eligibility"],
                    reason=bulk_form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                for key, errors in exc.message_dict.items():
                    for error in errors:
                        bulk_form.add_error(key if key in bulk_form.fields else None, error)
            else:
                messages.success(
                    request,
                    ngettext("%(count)s proposal screened.", "%(count)s proposals screened.", count)
                    % {"count": count}
                    + " "
                    + _("The organizers are told only when you announce the results."),
                )
                return redirect(f"{request.path}?{request.GET.urlencode()}")
        status = 400
    filter_form = FilterForm(request.GET or None, forum=forum)
    proposals = proposals_for_screening(
        forum=forum, viewer=request.user, filters=filter_form.filters()
    )
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "sessions/screening/list.html",
        {
            "forum": forum,
            "filter_form": filter_form,
            "page": page,
            "query": query.urlencode(),
            "criteria_names": CRITERIA,
            "regions": dict(regions.REGIONAL_GROUPS),
            "bulk_form": bulk_form or BulkScreenForm(),
            "unannounced": screening_unannounced(forum).count(),
        },
        status=status,
    )


@login_required
def screening_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    forum = _screening_forum(request, slug)
    filter_form = FilterForm(request.GET or None, forum=forum)
    proposals = proposals_for_screening(
        forum=forum, viewer=request.user, filters=filter_form.filters()
    )
    if fmt == "csv":
        response = HttpResponse(proposals_csv(proposals), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            proposals_xlsx(proposals),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{forum.slug}-proposals.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def screening_proposal(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    forum = _screening_forum(request, slug)
    proposal = proposal_for(forum=forum, viewer=request.user, pk=pk, purpose="view")
    form = ScreenForm(
        request.POST or None,
        initial={"eligibility": proposal.eligibility, "reason": proposal.eligibility_reason},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                proposal_screen(
                    proposal=proposal,
                    by=request.user,
                    eligibility=form.cleaned_data["eligibility"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                for key, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(key if key in form.fields else None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Screening saved. The organizers are told only when you announce the "
                        "results."
                    ),
                )
                return redirect("screening_proposal", slug=forum.slug, pk=proposal.pk)
        status = 400
    people = list(proposal.people.all())
    return render(
        request,
        "sessions/screening/proposal.html",
        {
            "forum": forum,
            "proposal": proposal,
            "form": form,
            "speakers": [p for p in people if p.role == "speaker"],
            "others": [p for p in people if p.role != "speaker"],
            "criteria": criteria_evaluate(
                call=call_for(forum=forum), proposal=proposal, people=people
            ),
            "flags": proposal_flags(proposal=proposal),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def screening_announce_page(request: HttpRequest, slug: str) -> HttpResponse:
    """GET lists the results the organizers have not been told; POST announces exactly those
    listed (a result changed since the page was shown waits for the next announcement)."""
    forum = _screening_forum(request, slug)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("proposal") if v.isascii() and v.isdigit()]
        try:
            count = screening_announce(forum=forum, by=request.user, proposal_ids=ids)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s screening result announced: its organizers are being mailed.",
                    "%(count)s screening results announced: their organizers are being mailed.",
                    count,
                )
                % {"count": count},
            )
        return redirect("screening_announce", slug=forum.slug)
    return render(
        request,
        "sessions/screening/announce.html",
        {"forum": forum, "proposals": list(screening_unannounced(forum))},
    )
