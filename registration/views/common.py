"""What registration's pages share."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from forum.models import Forum
from forum.selectors import forum_for_viewer


def safe_next(request: HttpRequest, value: str | None) -> str | None:
    """``value`` if it is a path on this site (so a `next` link cannot send people away)."""
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return None


def add_service_errors(form: Form, exc: ValidationError) -> None:
    """A service's ValidationError onto ``form``: by field where the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error.messages)
    else:
        form.add_error(None, exc.messages)


def forum_for(request: HttpRequest, slug: str, predicate) -> Forum:
    """The forum of ``slug`` if the viewer passes ``predicate`` on it; 404 otherwise (a page
    of the secretariat or the desk does not say that it exists)."""
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    if not predicate.test(request.user, forum):
        raise Http404("No such page.")
    return forum
