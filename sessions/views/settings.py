"""The secretariat's pages for the forum's call, review settings and session types (the admin
stays for power use). Only the forum's secretariat sees or posts them; others get a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from forum.rules import can_manage_forum
from sessions.forms.settings import CallForm, ReviewSettingsForm, SessionTypeForm
from sessions.models import ReviewSettings, SessionType
from sessions.selectors.call import call_for
from sessions.services.settings import (
    call_settings_save,
    review_settings_save,
    session_type_settings_save,
)
from sessions.views.common import forum_for, validation_errors

FORM_TEMPLATE = "forum/settings/form.html"


def _show_errors(form, exc: ValidationError) -> None:
    for name, errors in validation_errors(exc).items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


def _page(request, forum, form, *, title: str, intro: str = "", status: int = 200):
    return render(
        request,
        FORM_TEMPLATE,
        {
            "forum": forum,
            "form": form,
            "title": title,
            "intro": intro,
            "back_url": "settings_session_types" if isinstance(form, SessionTypeForm) else "",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_settings(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_forum)
    call = call_for(forum=forum)
    form = CallForm(request.POST or None, instance=call, forum=forum)
    if request.method == "POST" and form.is_valid():
        try:
            call_settings_save(forum=forum, by=request.user, fields=form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("The call for proposals is saved."))
            return redirect("settings_call", slug=forum.slug)
    return _page(
        request,
        forum,
        form,
        title=_("Call for proposals"),
        intro=_("Its dates, its limits and its minimum criteria."),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_settings(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_forum)
    instance = ReviewSettings.objects.filter(forum=forum).first()
    form = ReviewSettingsForm(request.POST or None, instance=instance, forum=forum)
    if request.method == "POST" and form.is_valid():
        try:
            review_settings_save(forum=forum, by=request.user, fields=form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("The review settings are saved."))
            return redirect("settings_review", slug=forum.slug)
    return _page(
        request,
        forum,
        form,
        title=_("Review settings"),
        intro=_("How the MAG reviews, and when."),
        status=400 if form.errors else 200,
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
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            session_type_settings_save(
                forum=forum,
                by=request.user,
                code=data.pop("code"),
                name=data.pop("name"),
                allowed_stakeholder_groups=list(data.pop("allowed_stakeholder_groups")),
                fields=data,
            )
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("The session type is saved."))
            return redirect("settings_session_types", slug=forum.slug)
    return _page(
        request,
        forum,
        form,
        title=instance.name if instance else _("New session type"),
        intro=_("A kind of session with its own rules."),
        status=400 if form.errors else 200,
    )
