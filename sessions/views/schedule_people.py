"""People's unavailability: the secretariat lists, adds and removes the times a speaker, moderator
or organizer cannot take part. Times are in the forum's time zone; the scheduler and the editor's
warnings honour them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sessions.forms.unavailability import PersonUnavailabilityForm
from sessions.rules.schedule import can_manage_programme
from sessions.selectors.unavailability import forum_unavailabilities, programme_people
from sessions.services import unavailability as services
from sessions.views.common import forum_for, validation_errors


@login_required
def unavailability(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_programme)
    form = PersonUnavailabilityForm(forum=forum)
    status = 200
    if request.method == "POST":
        if request.POST.get("what") == "delete":
            if (request.POST.get("pk") or "").isdigit():
                services.person_unavailability_delete(
                    forum=forum, pk=int(request.POST["pk"]), by=request.user
                )
                messages.success(request, _("Removed."))
            return redirect("schedule_unavailability", slug=forum.slug)
        form = PersonUnavailabilityForm(request.POST, forum=forum)
        if form.is_valid():
            try:
                services.person_unavailability_add(
                    forum=forum, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                for field, msgs in validation_errors(exc).items():
                    for msg in msgs:
                        form.add_error(field if field in form.fields else None, msg)
            else:
                messages.success(request, _("Saved."))
                return redirect("schedule_unavailability", slug=forum.slug)
        status = 400
    return render(
        request,
        "sessions/schedule/unavailability.html",
        {
            "forum": forum,
            "form": form,
            "rows": forum_unavailabilities(forum),
            "people": programme_people(forum),
        },
        status=status,
    )
