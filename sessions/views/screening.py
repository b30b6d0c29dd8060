"""The secretariat's screening: the filtered list, exports, and marking a proposal eligible."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from forum import regions
from forum.models import RegionalGroup, StakeholderGroup, Theme
from forum.selectors import forum_for_viewer
from sessions.exports import proposals_csv, proposals_xlsx
from sessions.forms_proposals import BulkScreenForm, ScreenForm
from sessions.models import Proposal, SessionType
from sessions.rules.proposals import can_screen_proposals
from sessions.selectors.proposals import (
    SORTS,
    ScreeningFilters,
    proposal_for_viewer,
    proposals_for_screening,
)
from sessions.services.proposals import call_for
from sessions.services.screening import (
    CRITERIA,
    criteria_evaluate,
    proposal_screen,
    proposals_screen_many,
)

PAGE_SIZE = 50


class FilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    session_type = forms.ModelChoiceField(
        label=gettext_lazy("Session type"), queryset=SessionType.objects.none(), required=False
    )
    theme = forms.ModelChoiceField(
        label=gettext_lazy("Theme"), queryset=Theme.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Submitted and withdrawn"))] + Proposal.Status.choices,
        required=False,
    )
    eligibility = forms.ChoiceField(
        label=gettext_lazy("Eligibility"),
        choices=[("", gettext_lazy("Any"))] + Proposal.Eligibility.choices,
        required=False,
    )
    region = forms.ChoiceField(label=gettext_lazy("Region of the organizer"), required=False)
    stakeholder_group = forms.ModelChoiceField(
        label=gettext_lazy("Stakeholder group of the organizer"),
        queryset=StakeholderGroup.objects.all(),
        required=False,
    )
    criteria = forms.ChoiceField(label=gettext_lazy("Minimum criteria"), required=False)
    sort = forms.ChoiceField(
        label=gettext_lazy("Sort by"),
        choices=[
            ("-submitted_at", gettext_lazy("Newest first")),
            ("submitted_at", gettext_lazy("Oldest first")),
            ("title", gettext_lazy("Title A-Z")),
            ("-title", gettext_lazy("Title Z-A")),
            ("type", gettext_lazy("Session type")),
            ("-failed", gettext_lazy("Most criteria failed")),
            ("failed", gettext_lazy("Fewest criteria failed")),
        ],
        required=False,
    )

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session_type"].queryset = SessionType.objects.filter(forum=forum)
        self.fields["theme"].queryset = Theme.objects.filter(forum=forum).select_related("parent")
        self.fields["region"].choices = [("", _("Any"))] + list(
            RegionalGroup.objects.values_list("code", "name")
        )
        self.fields["criteria"].choices = [
            ("", _("Any")),
            ("met", _("All met")),
            ("failed", _("At least one failed")),
        ] + [(code, _("Failed: %(name)s") % {"name": name}) for code, name in CRITERIA.items()]

    def filters(self) -> ScreeningFilters:
        if not self.is_valid():
            return ScreeningFilters()
        d = self.cleaned_data
        return ScreeningFilters(
            session_type=d["session_type"].pk if d.get("session_type") else None,
            theme=d["theme"].pk if d.get("theme") else None,
            status=d.get("status") or "",
            eligibility=d.get("eligibility") or "",
            region=d.get("region") or "",
            stakeholder_group=d["stakeholder_group"].pk if d.get("stakeholder_group") else None,
            criteria=d.get("criteria") or "",
            q=d.get("q") or "",
            sort=d.get("sort") if d.get("sort") in SORTS else "-submitted_at",
        )


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
                    % {"count": count},
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
    proposal = proposal_for_viewer(forum=forum, viewer=request.user, pk=pk)
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
                messages.success(request, _("Screening saved."))
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
            "criteria": criteria_evaluate(call=call_for(forum), proposal=proposal, people=people),
        },
        status=status,
    )
