"""Participants of a forum: registration and its settings, check-in at the venue, and seats of
sessions with a limited capacity; one module per concern, all importable from
``registration.models``."""

from registration.models.capacity import SeatSignup, SessionCapacity
from registration.models.checkin import CheckIn, VisaLetterRequest
from registration.models.registration import Gender, Registration, RegistrationSettings

__all__ = [
    "CheckIn",
    "Gender",
    "Registration",
    "RegistrationSettings",
    "SeatSignup",
    "SessionCapacity",
    "VisaLetterRequest",
]
