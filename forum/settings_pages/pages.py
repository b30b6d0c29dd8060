"""The one shape of every settings form page of a forum (rooms, themes, the call, the review, its
criteria...): show the form; on a valid POST call the page's service; a ValidationError it raises
shows on the form (400); success says so and goes back to the page's list."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

FORM_TEMPLATE = "forum/settings/form.html"


def error_messages(exc: ValidationError) -> dict[str | None, list[str]]:
    """A service's ValidationError as messages by field name (None for the rest)."""
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {None: [str(m) for m in exc.messages]}


def settings_form_page(
    request: HttpRequest,
    forum,
    form,
    save: Callable[[], object],
    *,
    saved: str,
    done: str,
    title: str,
    intro: str = "",
    back_url: str = "",
    zoned: bool = True,
) -> HttpResponse:
    """``save()`` a valid posted ``form``, say ``saved`` and go to the page named ``done``; else
    show the form, with the errors of the form and of the service. ``zoned``: the page says that
    its dates are in the forum's time zone."""
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except ValidationError as exc:
            for name, errors in error_messages(exc).items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            messages.success(request, saved)
            return redirect(done, slug=forum.slug)
    context = {"forum": forum, "form": form, "title": title, "intro": intro}
    context |= {"back_url": back_url, "zoned": zoned}
    return render(request, FORM_TEMPLATE, context, status=400 if form.errors else 200)
