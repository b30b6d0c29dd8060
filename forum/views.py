from __future__ import annotations

import hashlib
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from forum import health
from forum import mail as mail_services
from forum.client_address import client_address
from forum.rules import roles_of
from forum.sections import current_phase_for, sections_for
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
            "current_phase": current_phase_for(forum),
            "sections": sections_for(request, forum),
            "my_roles": [
                label for value, label in forum.roles.model.Role.choices if value in roles
            ],
        },
    )


@login_required
@require_POST
def outbox_retry(request: HttpRequest, slug: str, mail_id: int) -> HttpResponse:
    """The secretariat sends a failed mail again, from the forum page's outbox section."""
    forum = forum_home_for_viewer(slug=slug, viewer=request.user)
    mail = mail_services.failed_mail_for(forum=forum, viewer=request.user, pk=mail_id)
    mail_services.mail_retry(mail=mail, by=request.user)
    messages.success(request, _("The mail to %(to)s is queued to be sent again.") % {"to": mail.to})
    return redirect(f"{reverse('forum_detail', args=[forum.slug])}#outbox")


@never_cache
async def healthz(request: HttpRequest) -> JsonResponse:
    checks = await health.check_all()
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "mode": settings.PLENARIA_MODE, **checks},
        status=200 if healthy else 503,
    )


ROBOTS_TXT = "User-agent: *\nDisallow: /admin/\nDisallow: /accounts/\nDisallow: /api/captions/\n"


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers keep out of the admin, accounts and the captioners' API. Constant: the HTTP benches
    use it as the trivial view every other page is compared with."""
    return HttpResponse(ROBOTS_TXT, content_type="text/plain; charset=utf-8")


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(
        request,
        "forum/rate_limited.html",
        {"message": _("Too many attempts. Please wait a minute and try again.")},
        status=429,
    )


def _username(request: HttpRequest) -> str:
    return (request.POST.get("username") or "").strip().lower()


def _account_and_address_key(group: str, request: HttpRequest) -> str:
    return f"{_username(request)}|{client_address(request)}"


def _account_key(username: str) -> str:
    # Hashed: the cache key must not depend on what characters a visitor typed.
    return "login:failures:" + hashlib.sha256(username.encode()).hexdigest()


def account_failures(username: str) -> int:
    """Failed logins for this account (from any address) in the last LOGIN_ACCOUNT_WINDOW."""
    return cache.get(_account_key(username.strip().lower()), 0)


def login_delay(failures: int) -> float:
    """Seconds an attempt for an account with this many recent failures waits, 0 below the
    threshold, then doubling from half a second up to LOGIN_ACCOUNT_DELAY_MAX."""
    extra = failures - settings.LOGIN_ACCOUNT_SLOWDOWN_AFTER
    if extra < 0:
        return 0
    return min(settings.LOGIN_ACCOUNT_DELAY_MAX, 0.5 * 2 ** min(extra, 16))


# Per client address and per account-and-address, a tripped limit answers 429. Per account (from
# many addresses) attempts are only slowed: a block there would let anyone lock a person out.
@method_decorator(
    [
        ratelimit(
            key="ip",
            rate=lambda group, request: settings.LOGIN_ADDRESS_RATE,
            method="POST",
            block=True,
        ),
        ratelimit(
            key=_account_and_address_key,
            rate=lambda group, request: settings.LOGIN_RATE,
            method="POST",
            block=True,
        ),
    ],
    name="post",
)
class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        delay = login_delay(account_failures(_username(request)))
        if delay:
            time.sleep(delay)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        cache.delete(_account_key(_username(self.request)))
        return super().form_valid(form)

    def form_invalid(self, form):
        username = _username(self.request)
        if username:
            key = _account_key(username)
            cache.add(key, 0, timeout=settings.LOGIN_ACCOUNT_WINDOW)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=settings.LOGIN_ACCOUNT_WINDOW)
        return super().form_invalid(form)


@method_decorator(ratelimit(key="ip", rate="5/m", method="POST", block=True), name="post")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"

    @property
    def extra_email_context(self) -> dict:
        # The mail names and links to SITE_URL, never the Host header of the request.
        return {
            "site_url": settings.SITE_URL.rstrip("/"),
            "domain": urlsplit(settings.SITE_URL).netloc,
        }
