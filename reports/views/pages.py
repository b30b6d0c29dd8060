"""The report pages: the rapporteur's editor, the secretariat's list and review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from forum.selectors import forum_for_viewer
from reports.forms import FilterForm, ReportForm, ReturnForm
from reports.rules import can_edit_report, can_manage_reports, can_review_report
from reports.selectors import report_for, reports_for_author, reports_for_secretariat
from reports.services.workflow import (
    StaleReport,
    report_approve,
    report_return,
    report_submit,
    report_update,
)
from reports.tasks import prefill_report

PAGE_SIZE = 50


def _errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error.messages)
    else:
        form.add_error(None, exc.messages)


@login_required
def my_reports(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    reports = reports_for_author(forum=forum, viewer=request.user)
    return render(
        request, "reports/mine.html", {"forum": forum, "reports": reports, "now": timezone.now()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    report = report_for(report_id=report_id, forum=forum, viewer=request.user)
    editable = can_edit_report.test(request.user, report)
    form, status, stale = None, 200, None
    if editable:
        form = ReportForm(request.POST or None, instance=report)
        if not request.POST:
            form.initial["sdgs"] = list(report.sdgs.values_list("pk", flat=True))
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("revision", "sdgs")}
            try:
                report = report_update(
                    report=report,
                    by=request.user,
                    revision=form.cleaned_data["revision"],
                    data=data,
                    sdgs=form.cleaned_data.get("sdgs"),
                )
                if "submit" in request.POST:
                    report = report_submit(report=report, by=request.user)
                    messages.success(request, _("Report submitted to the secretariat."))
                else:
                    messages.success(request, _("Draft saved."))
                return redirect("reports:edit", slug=forum.slug, report_id=report.pk)
            except StaleReport as exc:
                stale = exc.report
                form.add_error(None, str(exc))
                form.data = form.data.copy()
                form.data["revision"] = stale.revision
            except ValidationError as exc:
                _errors(form, exc)
            except PermissionDenied as exc:
                raise Http404 from exc
        status = 409 if stale else 400
    return render(
        request,
        "reports/edit.html",
        {
            "forum": forum,
            "report": report,
            "session": report.session,
            "form": form,
            "stale": stale,
            "editable": editable,
            "facts": report.platform_facts or {},
            "is_overdue": report.is_overdue(),
            "may_review": can_review_report.test(request.user, report),
            "return_form": ReturnForm(),
        },
        status=status,
    )


@login_required
@require_POST
def report_prefill_view(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    report = report_for(report_id=report_id, forum=forum, viewer=request.user)
    if not can_edit_report.test(request.user, report):
        raise Http404
    type(report).objects.filter(pk=report.pk).update(prefill_status="running")
    prefill_report.delay_on_commit(report.pk)
    messages.info(request, _("Gathering what the platform knows about the session…"))
    return redirect("reports:edit", slug=forum.slug, report_id=report.pk)


@login_required
@require_GET
def report_prefill_status(request: HttpRequest, slug: str, report_id: int) -> JsonResponse:
    """Where the prefill stands, for the editor page that waits for it."""
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    report = report_for(report_id=report_id, forum=forum, viewer=request.user)
    response = JsonResponse(
        {
            "status": report.prefill_status,
            "status_label": str(report.get_prefill_status_display()),
            "error": report.prefill_error,
            "finished": report.prefill_status != type(report).PrefillStatus.RUNNING,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


def _secretariat_forum(request, slug):
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    if not can_manage_reports.test(request.user, forum):
        raise Http404
    return forum


@login_required
def secretariat_list(request: HttpRequest, slug: str, overdue: bool = False) -> HttpResponse:
    forum = _secretariat_forum(request, slug)
    filters = FilterForm(request.GET or None)
    status, only_overdue = "", overdue
    if filters.is_valid():
        status = filters.cleaned_data["status"]
        only_overdue = only_overdue or filters.cleaned_data["overdue"]
    qs = reports_for_secretariat(forum=forum, status=status, overdue=only_overdue)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/secretariat.html",
        {
            "forum": forum,
            "filters": filters,
            "page": page,
            "overdue_view": overdue,
            "now": timezone.now(),
            "return_form": ReturnForm(),
        },
    )


@login_required
@require_POST
def report_review(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    forum = _secretariat_forum(request, slug)
    report = report_for(report_id=report_id, forum=forum, viewer=request.user)
    try:
        if request.POST.get("action") == "approve":
            report_approve(report=report, by=request.user)
            messages.success(request, _("Report approved and published."))
        elif request.POST.get("action") == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Say what should change before returning it."))
                return redirect("reports:edit", slug=forum.slug, report_id=report.pk)
            report_return(report=report, by=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, _("Report returned to its authors."))
        else:
            raise Http404
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    target = request.POST.get("next", "")
    if target == "list":
        return redirect("reports:secretariat", slug=forum.slug)
    return redirect("reports:edit", slug=forum.slug, report_id=report.pk)
