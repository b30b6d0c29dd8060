"""Accounts: sign-up with a verified email address, and the profile.

An account is inactive until its owner follows the link sent to the address: proposals, speaker
lists and conflicts of interest match people by email, so an address must be proven before an
account can act on it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from forum.forms import ProfileForm, SignupForm
from forum.mail import absolute_url, mail_queue
from forum.models import User

ACTIVATION_SALT = "plenaria.account-activation"
ACTIVATION_MAX_AGE = 60 * 60 * 24 * 3  # three days


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """A hash of the account's state: it no longer matches once the account is activated (or its
    password, last login or address change), so an activation link works once."""

    key_salt = "plenaria.accounts.ActivationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        login_timestamp = (
            "" if user.last_login is None else user.last_login.replace(microsecond=0, tzinfo=None)
        )
        return f"{user.pk}{user.password}{login_timestamp}{timestamp}{user.is_active}{user.email}"


activation_tokens = ActivationTokenGenerator()


class AccountAlreadyActive(Exception):
    """The activation link of an account that is already active: it logs nobody in."""


def activation_token(user: User) -> str:
    return signing.dumps(
        {"user": user.pk, "email": user.email, "state": activation_tokens.make_token(user)},
        salt=ACTIVATION_SALT,
    )


def _mail_activation(user: User) -> None:
    link = absolute_url(reverse("account_activate", kwargs={"token": activation_token(user)}))
    mail_queue(
        to=user.email,
        subject=_("Confirm your Plenaria account"),
        body=_(
            "Hello %(name)s,\n\nFollow this link to confirm your address and activate your "
            "account (it works once, for three days):\n%(link)s\n\nIf you did not sign up, "
            "ignore this message."
        )
        % {"name": user.name, "link": link},
    )


def _mail_already_registered(user: User) -> None:
    mail_queue(
        to=user.email,
        subject=_("Your Plenaria account"),
        body=_(
            "Hello %(name)s,\n\nSomeone, perhaps you, tried to create a Plenaria account with "
            "this address. It already has an account.\n\nLog in: %(login)s\nForgotten your "
            "password? Reset it: %(reset)s\n\nIf it was not you, ignore this message: nothing "
            "changed."
        )
        % {
            "name": user.name,
            "login": absolute_url(reverse("login")),
            "reset": absolute_url(reverse("password_reset")),
        },
    )


@transaction.atomic
def account_signup(*, data: dict, password: str) -> User | None:
    """Create an inactive account and mail its owner the activation link.

    For an address that already has an account nothing is created and its owner is mailed
    instead; the caller answers the same either way, so that sign-up reveals no account.
    """
    existing = User.objects.filter(email__iexact=data["email"]).first()
    if existing is not None:
        make_password(password)  # the same work as a new account, so the answer takes as long
        _mail_already_registered(existing)
        return None
    user = User.objects.create_user(
        data["email"],
        password,
        is_active=False,
        **{k: data[k] for k in ("name", "organisation", "stakeholder_group", "country", "gender")},
    )
    _mail_activation(user)
    return user


def account_activate(*, token: str) -> User | None:
    """The account the token activates, or None for a bad, expired, used or outdated token.

    Raises :class:`AccountAlreadyActive` for a good link to an account that is already active.
    """
    try:
        payload = signing.loads(token, salt=ACTIVATION_SALT, max_age=ACTIVATION_MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=payload.get("user"), email=payload.get("email")).first()
    if user is None:
        return None
    if user.is_active:
        raise AccountAlreadyActive
    # A deactivated account's state differs from the one the link was made for (it has logged
    # in since): the link does not bring it back.
    if user.last_login is not None or not activation_tokens.check_token(
        user, str(payload.get("state", ""))
    ):
        return None
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
        account_signup(data=form.cleaned_data, password=form.cleaned_data["password1"])
        return render(request, "forum/signup_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "forum/signup.html", {"form": form})


@require_http_methods(["GET"])
def activate(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = account_activate(token=token)
    except AccountAlreadyActive:
        messages.info(request, _("This account is already active. Log in with your password."))
        return redirect("login")
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
