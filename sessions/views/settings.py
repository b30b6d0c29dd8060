"""The secretariat's pages for the forum's call, review settings, session types, review criteria
and low-score reasons (the admin stays for power use). Only the forum's secretariat sees or posts
them; others get a 404. Every form page has the one shape of forum.settings_pages.pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from forum.rules import can_manage_forum
from forum.settings_pages.pages import settings_form_page
from sessions.forms.settings import (
    CallForm,
    LowScoreReasonForm,
    ReviewCriterionForm,
    ReviewSettingsForm,
    SessionTypeForm,
)
from sessions.models import (
    LowScoreReason,
    ReviewCriterion,
    ReviewSettings,
    SessionType,
)
from sessions.selectors.call import call_for
from sessions.selectors.review_criteria import (
    criteria_for_settings,
    low_score_reasons_for_settings,
)
from sessions.services.review_criteria import (
    criterion_delete,
    criterion_is_scored,
    criterion_save,
    low_score_reason_delete,
    low_score_reason_save,
    settings_row_move,
)
from sessions.services.settings import (
    call_settings_save,
    review_settings_save,
    session_type_settings_save,
)
from sessions.views.common import forum_for


@login_required
@require_http_methods(["GET", "POST"])
def call_settings(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_forum)
    form = CallForm(request.POST or None, instance=call_for(forum=forum), forum=forum)
    return settings_form_page(
        request,
        forum,
        form,
        lambda: call_settings_save(forum=forum, by=request.user, fields=form.cleaned_data),
        saved=_("The call for proposals is saved."),
        done="settings_call",
        title=_("Call for proposals"),
        intro=_("Its dates, its limits and its minimum criteria."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_settings(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_forum)
    instance = ReviewSettings.objects.filter(forum=forum).first()
    form = ReviewSettingsForm(request.POST or None, instance=instance, forum=forum)
    return settings_form_page(
        request,
        forum,
        form,
        lambda: review_settings_save(forum=forum, by=request.user, fields=form.cleaned_data),
        saved=_("The review settings are saved."),
        done="settings_review",
        title=_("Review settings"),
        intro=_("How the MAG reviews, and when."),
    )


@login_required
def session_types(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_forum)
    types = SessionType.objects.filter(forum=forum).prefetch_related("allowed_stakeholder_groups")
    return render(
        request,
        "sessions/settings/session_types.html",
        {"forum": forum, "types": types.order_by("position", "name")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_type_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_forum)
    instance = get_object_or_404(SessionType, forum=forum, pk=pk) if pk is not None else None
    form = SessionTypeForm(request.POST or None, instance=instance, forum=forum)

    def save():
        data = dict(form.cleaned_data)
        session_type_settings_save(
            forum=forum,
            by=request.user,
            code=data.pop("code"),
            name=data.pop("name"),
            allowed_stakeholder_groups=list(data.pop("allowed_stakeholder_groups")),
            fields=data,
        )

    return settings_form_page(
        request,
        forum,
        form,
        save,
        saved=_("The session type is saved."),
        done="settings_session_types",
        title=instance.name if instance else _("New session type"),
        intro=_("A kind of session with its own rules."),
        back_url="settings_session_types",
    )


@login_required
def review_criteria(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_forum)
    return render(
        request,
        "sessions/settings/review_criteria.html",
        {
            "forum": forum,
            "criteria": criteria_for_settings(forum=forum),
            "reasons": low_score_reasons_for_settings(forum=forum),
        },
    )


#: Where the criterion and reason forms go back to, and their dates (none) are not zoned.
REVIEW_ROW_PAGE = {
    "done": "settings_review_criteria",
    "back_url": "settings_review_criteria",
    "zoned": False,
}


def _review_row(request: HttpRequest, slug: str, model, pk: int | None):
    """The forum (for its secretariat only) and its criterion or reason ``pk``, or a new one."""
    forum = forum_for(request, slug, can_manage_forum)
    row = get_object_or_404(model, forum=forum, pk=pk) if pk is not None else model(forum=forum)
    return forum, row


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    forum, criterion = _review_row(request, slug, ReviewCriterion, pk)
    scored = criterion_is_scored(criterion)
    form = ReviewCriterionForm(request.POST or None, instance=criterion, scored=scored)
    return settings_form_page(
        request,
        forum,
        form,
        lambda: criterion_save(forum=forum, by=request.user, criterion=form.instance),
        saved=_("The criterion is saved."),
        title=criterion.name if criterion.pk else _("New review criterion"),
        intro=_("What MAG members score each proposal on, and how much it counts."),
        **REVIEW_ROW_PAGE,
    )


@login_required
@require_http_methods(["GET", "POST"])
def low_score_reason_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    forum, reason = _review_row(request, slug, LowScoreReason, pk)
    form = LowScoreReasonForm(request.POST or None, instance=reason)
    return settings_form_page(
        request,
        forum,
        form,
        lambda: low_score_reason_save(forum=forum, by=request.user, reason=form.instance),
        saved=_("The reason is saved."),
        title=reason.text if reason.pk else _("New reason for a low score"),
        intro=_("Reviewers pick one of these reasons when they give a low score."),
        **REVIEW_ROW_PAGE,
    )


ROW_MODELS = {"criterion": ReviewCriterion, "reason": LowScoreReason}


@login_required
@require_POST
def settings_row_action(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    """Move a criterion or reason up or down, or remove it (refused once scores use it)."""
    forum = forum_for(request, slug, can_manage_forum)
    if kind not in ROW_MODELS:
        raise Http404("No such page.")
    row = get_object_or_404(ROW_MODELS[kind], forum=forum, pk=pk)
    action = request.POST.get("action")
    try:
        if action in ("up", "down"):
            settings_row_move(forum=forum, by=request.user, row=row, up=action == "up")
            messages.success(request, _("The order is saved."))
        elif action == "delete" and kind == "criterion":
            criterion_delete(forum=forum, by=request.user, criterion=row)
            messages.success(request, _("The criterion is removed."))
        elif action == "delete":
            low_score_reason_delete(forum=forum, by=request.user, reason=row)
            messages.success(request, _("The reason is removed."))
        else:
            return HttpResponseBadRequest(_("Unknown action."))
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    return redirect("settings_review_criteria", slug=forum.slug)
