"""The secretariat's pages: the registrant list (filters, search, pages, bulk decisions) and one
registration's decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from registration import exports
from registration.forms import DecisionForm, RegistrantFilterForm
from registration.rules import can_manage_registrations
from registration.selectors.registrations import (
    RegistrantFilters,
    registrants_for,
    registration_for_secretariat,
)
from registration.services import registering
from registration.views.common import add_service_errors, forum_for

PAGE_SIZE = 50


def filters_from(form: RegistrantFilterForm) -> RegistrantFilters:
    if not form.is_valid():
        return RegistrantFilters()
    data = form.cleaned_data
    group = data.get("stakeholder_group")
    return RegistrantFilters(
        q=data.get("q") or "",
        status=data.get("status") or "",
        attendance=data.get("attendance") or "",
        stakeholder_group=group.code if group else "",
        regional_group=data.get("regional_group") or "",
        first_time=data.get("first_time"),
    )


@login_required
@require_http_methods(["GET"])
def registrant_list(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_registrations)
    form = RegistrantFilterForm(request.GET or None)
    qs = registrants_for(forum=forum, viewer=request.user, filters=filters_from(form))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registration/secretariat/list.html",
        {
            "forum": forum,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "decision_form": DecisionForm(),
        },
    )


@login_required
@require_POST
def registrants_decide(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_registrations)
    form = DecisionForm(request.POST)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    if not ids:
        messages.error(request, _("Choose at least one registration."))
    elif form.is_valid():
        try:
            count = registering.registrations_decide_bulk(
                forum=forum,
                by=request.user,
                ids=ids,
                approve=form.cleaned_data["approve"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d registration decided.", "%(count)d registrations decided.", count
                )
                % {"count": count},
            )
    else:
        messages.error(request, _("Choose a decision."))
    back = request.POST.get("back", "")
    url = reverse("registrant_list", kwargs={"slug": slug})
    return redirect(f"{url}?{back}" if back else url)


@login_required
@require_http_methods(["GET", "POST"])
def registration_detail(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_registrations)
    registration = registration_for_secretariat(
        forum=forum, viewer=request.user, registration_id=registration_id
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registering.registration_decide(
                registration=registration,
                by=request.user,
                approve=form.cleaned_data["approve"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The decision is saved and the person is told."))
            return redirect("registration_detail", slug=slug, registration_id=registration.pk)
    return render(
        request,
        "registration/secretariat/detail.html",
        {"forum": forum, "registration": registration, "form": form},
    )


@login_required
@require_http_methods(["GET"])
def registrants_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_registrations)
    qs = registrants_for(
        forum=forum, viewer=request.user, filters=filters_from(RegistrantFilterForm(request.GET))
    )
    if fmt == "xlsx":
        response = HttpResponse(
            exports.registrants_xlsx(forum, qs),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            exports.registrants_csv(forum, qs), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="registrations-{forum.slug}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
