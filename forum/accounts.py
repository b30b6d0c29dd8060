"""Accounts: sign-up with a verified email address, and the profile.

An account is inactive until its owner follows the link sent to the address: proposals, speaker
lists and conflicts of interest match people by email, so an address must be proven before an
account can act on it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from forum.forms import ProfileForm, SignupForm
from forum.mail import mail_queue
from forum.models import User

ACTIVATION_SALT = "plenaria.account-activation"
ACTIVATION_MAX_AGE = 60 * 60 * 24 * 3  # three days


def activation_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=ACTIVATION_SALT)


@transaction.atomic
def account_signup(*, data: dict, password: str, activation_url: str) -> User:
    """Create an inactive account and mail its owner the activation link."""
    user = User.objects.create_user(
        data["email"],
        password,
        is_active=False,
        **{k: data[k] for k in ("name", "organisation", "stakeholder_group", "country", "gender")},
    )
    link = activation_url.replace("TOKEN", activation_token(user))
    mail_queue(
        to=user.email,
        subject=_("Confirm your Plenaria account"),
        body=_(
            "Hello %(name)s,\n\nFollow this link to confirm your address and activate your "
            "account (it works for three days):\n%(link)s\n\nIf you did not sign up, ignore "
            "this message."
        )
        % {"name": user.name, "link": link},
    )
    return user


def account_activate(*, token: str) -> User | None:
    """The account the token activates, or None for a bad, expired or outdated token."""
    try:
        payload = signing.loads(token, salt=ACTIVATION_SALT, max_age=ACTIVATION_MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=payload.get("user"), email=payload.get("email")).first()
    if user is None:
        return None
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


@ratelimit(key="ip", rate="5/m", method="POST", block=True)
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account_signup(
            data=form.cleaned_data,
            password=form.cleaned_data["password1"],
            activation_url=request.build_absolute_uri(
                reverse("account_activate", kwargs={"token": "TOKEN"})
            ),
        )
        return render(request, "forum/signup_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "forum/signup.html", {"form": form})


@require_http_methods(["GET"])
def activate(request: HttpRequest, token: str) -> HttpResponse:
    user = account_activate(token=token)
    if user is None:
        return render(request, "forum/activation_failed.html", status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your address is confirmed and your account is active."))
    return redirect("profile")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("profile")
    return render(request, "forum/profile.html", {"form": form})
