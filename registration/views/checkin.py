"""The registration desk: check a badge in (typed, or scanned with the device camera by
static/registration/checkin.js), and the counts of badges collected per day."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from registration.forms import CheckInForm
from registration.rules import can_check_in
from registration.selectors.statistics import checkins_per_day
from registration.services import badges
from registration.views.common import forum_for


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_check_in)
    form = CheckInForm(request.POST or None)
    result = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = badges.checkin_record(
                forum=forum, code=form.cleaned_data["code"], by=request.user
            )
        except ValidationError as exc:
            form.add_error("code", exc.messages)
            status = 422
        else:
            form = CheckInForm()  # ready for the next badge
    return render(
        request,
        "registration/checkin/desk.html",
        {"forum": forum, "form": form, "result": result, "per_day": checkins_per_day(forum=forum)},
        status=status,
    )
