"""Visa support letters, on request, for approved onsite participants."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from forum.models import User
from registration.models import Registration, VisaLetterRequest
from registration.rules import can_request_visa_letter


@transaction.atomic
def visa_letter_request(
    *, registration: Registration, by: User, passport_number: str, nationality: str
) -> VisaLetterRequest:
    if not can_request_visa_letter.test(by, registration):
        raise PermissionDenied
    letter, _created = VisaLetterRequest.objects.update_or_create(
        registration=registration,
        defaults={
            "passport_number": passport_number.strip(),
            "nationality": nationality.strip(),
            "requested_at": timezone.now(),
        },
    )
    return letter


def visa_letter_pdf(*, letter: VisaLetterRequest, by: User) -> bytes:
    from weasyprint import HTML

    registration = letter.registration
    if not can_request_visa_letter.test(by, registration):
        raise PermissionDenied
    html = render_to_string(
        "registration/pdf/visa_letter.html",
        {"letter": letter, "registration": registration, "forum": registration.forum},
    )
    return HTML(string=html).write_pdf()
