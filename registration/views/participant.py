"""The participant's pages: register, see and update their registration, cancel it, the badge
and the visa support letter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from forum.models import Forum
from forum.rules import can_view_forum
from forum.selectors import forum_for_viewer
from registration.forms import (
    AttendanceForm,
    ProfilePartForm,
    RegistrationDetailsForm,
    VisaLetterForm,
)
from registration.models import Registration
from registration.rules import can_get_badge, can_request_visa_letter, window_state
from registration.selectors.registrations import (
    registration_of,
    registration_settings_for,
    seat_signups_of,
)
from registration.services import badges, registering, visa
from registration.views.common import add_service_errors, safe_next


def _forum(request: HttpRequest, slug: str) -> Forum:
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    if not can_view_forum.test(request.user, forum):
        raise Http404("No such forum.")
    return forum


def _windows(forum: Forum) -> tuple[object, dict[str, str]]:
    settings_row = registration_settings_for(forum=forum)
    now = timezone.now()
    return settings_row, {
        kind: window_state(settings_row=settings_row, attendance=kind, now=now)
        for kind in Registration.Attendance.values
    }


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _forum(request, slug)
    existing = registration_of(forum=forum, viewer=request.user)
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if existing is not None and existing.status in registering.ACTIVE:
        return redirect(next_url) if next_url else redirect("registration_mine", slug=slug)
    settings_row, windows = _windows(forum)
    open_kinds = [k for k, state in windows.items() if state == "open"]
    # "Register online to take part" from a live room preselects online.
    wanted = request.GET.get("attendance")
    data = request.POST if request.method == "POST" else None
    profile_form = ProfilePartForm(data, instance=request.user, prefix="profile")
    details_form = RegistrationDetailsForm(data, instance=existing, prefix="details")
    attendance_form = AttendanceForm(
        data,
        open_kinds=open_kinds,
        initial={
            "next": next_url or "",
            **({"attendance": wanted} if wanted in open_kinds else {}),
        },
    )
    if request.method == "POST" and all(
        f.is_valid() for f in (profile_form, details_form, attendance_form)
    ):
        try:
            registration = registering.registration_submit(
                forum=forum,
                by=request.user,
                attendance=attendance_form.cleaned_data["attendance"],
                consent=attendance_form.cleaned_data["consent"],
                profile={f: profile_form.cleaned_data[f] for f in registering.PROFILE_FIELDS},
                details=details_form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(attendance_form, exc)
        except PermissionDenied as exc:
            attendance_form.add_error(None, str(exc))
        else:
            if registration.status == Registration.Status.APPROVED:
                messages.success(request, _("You are registered. You can take part now."))
            else:
                messages.success(
                    request, _("Your registration is received. The secretariat will write to you.")
                )
            return redirect(next_url) if next_url else redirect("registration_mine", slug=slug)
    return render(
        request,
        "registration/participant/register.html",
        {
            "forum": forum,
            "settings_row": settings_row,
            "windows": windows,
            "window_rows": [
                {
                    "label": label,
                    "state": windows[kind],
                    "opens": settings_row.window(kind)[0] if settings_row else None,
                    "closes": settings_row.window(kind)[1] if settings_row else None,
                }
                for kind, label in Registration.Attendance.choices
            ],
            "open_kinds": open_kinds,
            "profile_form": profile_form,
            "details_form": details_form,
            "attendance_form": attendance_form,
            "next": next_url,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _forum(request, slug)
    registration = registration_of(forum=forum, viewer=request.user)
    if registration is None:
        return redirect("registration_register", slug=slug)
    active = registration.status in registering.ACTIVE
    data = request.POST if request.method == "POST" and active else None
    profile_form = ProfilePartForm(data, instance=request.user, prefix="profile")
    details_form = RegistrationDetailsForm(data, instance=registration, prefix="details")
    if data is not None and profile_form.is_valid() and details_form.is_valid():
        try:
            registering.registration_update(
                registration=registration,
                by=request.user,
                profile={f: profile_form.cleaned_data[f] for f in registering.PROFILE_FIELDS},
                details=details_form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(details_form, exc)
        else:
            messages.success(request, _("Your registration is updated."))
            return redirect("registration_mine", slug=slug)
    return render(
        request,
        "registration/participant/mine.html",
        {
            "forum": forum,
            "registration": registration,
            "active": active,
            "profile_form": profile_form,
            "details_form": details_form,
            "can_badge": can_get_badge.test(request.user, registration),
            "can_visa": can_request_visa_letter.test(request.user, registration),
            "signups": seat_signups_of(forum=forum, viewer=request.user),
        },
    )


@login_required
@require_POST
def cancel(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _forum(request, slug)
    registration = registration_of(forum=forum, viewer=request.user)
    if registration is None:
        raise Http404
    try:
        registering.registration_cancel(registration=registration, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("registration_mine", slug=slug)


@login_required
@require_http_methods(["GET"])
def badge(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _forum(request, slug)
    registration = registration_of(forum=forum, viewer=request.user)
    if not can_get_badge.test(request.user, registration):
        raise Http404("No badge.")
    response = HttpResponse(badges.badge_pdf(registration=registration), "application/pdf")
    response["Content-Disposition"] = f'inline; filename="badge-{forum.slug}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def visa_letter(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _forum(request, slug)
    registration = registration_of(forum=forum, viewer=request.user)
    if not can_request_visa_letter.test(request.user, registration):
        raise Http404("No visa letter.")
    letter = getattr(registration, "visa_letter", None)
    if request.method == "GET" and letter is not None and request.GET.get("pdf"):
        pdf = visa.visa_letter_pdf(letter=letter, by=request.user)
        response = HttpResponse(pdf, "application/pdf")
        response["Content-Disposition"] = f'attachment; filename="visa-letter-{forum.slug}.pdf"'
        return response
    form = VisaLetterForm(request.POST or None, instance=letter)
    if request.method == "POST" and form.is_valid():
        visa.visa_letter_request(
            registration=registration,
            by=request.user,
            passport_number=form.cleaned_data["passport_number"],
            nationality=form.cleaned_data["nationality"],
        )
        messages.success(request, _("Your visa support letter is ready."))
        return redirect("registration_visa_letter", slug=slug)
    return render(
        request,
        "registration/participant/visa_letter.html",
        {"forum": forum, "registration": registration, "form": form, "letter": letter},
    )
