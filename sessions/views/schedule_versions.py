"""Publishing the draft as a numbered version, and the list of versions with their changelogs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sessions.forms.schedule import PublishForm
from sessions.models import ProgrammeVersion, Session
from sessions.rules.schedule import can_manage_programme
from sessions.services.programme_publish import programme_publish
from sessions.views.common import forum_for, validation_errors


@login_required
def versions(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_programme)
    form = PublishForm()
    status = 200
    if request.method == "POST":
        form = PublishForm(request.POST)
        if form.is_valid():
            try:
                version = programme_publish(
                    forum=forum, by=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                for msgs in validation_errors(exc).values():
                    for msg in msgs:
                        form.add_error(None, msg)
            else:
                log = version.changelog
                messages.success(
                    request,
                    _(
                        "Version %(number)s published: %(added)s added, %(moved)s moved, "
                        "%(cancelled)s cancelled."
                    )
                    % {
                        "number": version.number,
                        "added": len(log["added"]),
                        "moved": len(log["moved"]),
                        "cancelled": len(log["cancelled"]),
                    },
                )
                return redirect("schedule_versions", slug=forum.slug)
        status = 400
    rows = list(ProgrammeVersion.objects.filter(forum=forum).order_by("-number")[:50])
    ids = {i for v in rows for key in ("moved", "cancelled") for i in v.changelog.get(key, [])}
    titles = dict(Session.objects.filter(pk__in=ids).values_list("pk", "title"))
    return render(
        request,
        "sessions/schedule/versions.html",
        {
            "forum": forum,
            "form": form,
            "versions": [
                (
                    v,
                    len(v.changelog.get("added", [])),
                    [titles.get(i, "?") for i in v.changelog.get("moved", [])],
                    [titles.get(i, "?") for i in v.changelog.get("cancelled", [])],
                )
                for v in rows
            ],
        },
        status=status,
    )
