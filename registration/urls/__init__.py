"""Pages of registration mounted under /forums/<slug>/ by forum.urls; the account's own data
pages are in :mod:`registration.urls.account` (mounted under /accounts/)."""

from django.urls import path, re_path

from registration.views import (
    checkin,
    participant,
    seat_management,
    seats,
    secretariat,
    statistics,
)

urlpatterns = [
    path("register/", participant.register, name="registration_register"),
    path("registration/", participant.mine, name="registration_mine"),
    path("registration/cancel/", participant.cancel, name="registration_cancel"),
    path("registration/badge.pdf", participant.badge, name="registration_badge"),
    path("registration/visa-letter/", participant.visa_letter, name="registration_visa_letter"),
    path("seats/", seats.my_seats, name="registration_seats"),
    path("sessions/<int:session_id>/seat/", seats.seat_signup, name="registration_seat_signup"),
    path("seats/<int:signup_id>/cancel/", seats.seat_cancel, name="registration_seat_cancel"),
    path("registrations/seats/", seat_management.seat_sessions, name="registration_seat_sessions"),
    path(
        "registrations/seats/<int:session_id>/",
        seat_management.seat_session,
        name="registration_seat_session",
    ),
    path(
        "registrations/seats/<int:session_id>/<int:signup_id>/release/",
        seat_management.seat_release,
        name="registration_seat_release",
    ),
    path(
        "registrations/seats/<int:session_id>/<int:signup_id>/promote/",
        seat_management.seat_promote,
        name="registration_seat_promote",
    ),
    path("registrations/", secretariat.registrant_list, name="registrant_list"),
    re_path(
        r"^registrations/export\.(?P<fmt>csv|xlsx)$",
        secretariat.registrants_export,
        name="registrants_export",
    ),
    path(
        "registrations/statistics/",
        statistics.secretariat_statistics,
        name="registration_statistics",
    ),
    path("participation/", statistics.public_statistics, name="registration_public_statistics"),
    path("registrations/decide/", secretariat.registrants_decide, name="registrants_decide"),
    path(
        "registrations/<int:registration_id>/",
        secretariat.registration_detail,
        name="registration_detail",
    ),
    path("check-in/", checkin.check_in, name="registration_check_in"),
]
