from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from forum import health
from forum.rules import roles_of
from forum.sections import sections_for
from forum.selectors import forum_home_for_viewer, forums_visible_to


def home(request: HttpRequest) -> HttpResponse:
    forums = forums_visible_to(viewer=request.user).order_by("-start_date", "name")
    return render(request, "forum/home.html", {"forums": forums})


def forum_detail(request: HttpRequest, slug: str) -> HttpResponse:

    forum = forum_home_for_viewer(slug=slug, viewer=request.user)
    roles = sorted(roles_of(request.user, forum))
    return render(
        request,
        "forum/forum_detail.html",
        {
            "forum": forum,
            "current_phase": forum.current_phase(),
            "sections": sections_for(request, forum),
            "my_roles": [
                label for value, label in forum.roles.model.Role.choices if value in roles
            ],
        },
    )


@never_cache
async def healthz(request: HttpRequest) -> JsonResponse:
    checks = await health.check_all()
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "mode": settings.PLENARIA_MODE, **checks},
        status=200 if healthy else 503,
    )


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(
        request,
        "forum/rate_limited.html",
        {"message": _("Too many attempts. Please wait a minute and try again.")},
        status=429,
    )


def _login_key(group: str, request: HttpRequest) -> str:
    return (request.POST.get("username") or "").strip().lower()


@method_decorator(
    [
        ratelimit(key="ip", rate=settings.LOGIN_RATE, method="POST", block=True),
        ratelimit(key=_login_key, rate=settings.LOGIN_RATE, method="POST", block=True),
    ],
    name="post",
)
class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@method_decorator(ratelimit(key="ip", rate="5/m", method="POST", block=True), name="post")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
