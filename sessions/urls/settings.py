"""The secretariat's settings of the call, the review and the session types, under /forums/<slug>/."""

from django.urls import path

from sessions.views import settings

urlpatterns = [
    path("settings/call/", settings.call_settings, name="settings_call"),
    path("settings/review/", settings.review_settings, name="settings_review"),
    path("settings/session-types/", settings.session_types, name="settings_session_types"),
    path(
        "settings/session-types/new/",
        settings.session_type_edit,
        name="settings_session_type_new",
    ),
    path(
        "settings/session-types/<int:pk>/",
        settings.session_type_edit,
        name="settings_session_type_edit",
    ),
]
urlpatterns += [
    path("settings/review-criteria/", settings.review_criteria, name="settings_review_criteria"),
    path(
        "settings/review-criteria/new/",
        settings.criterion_edit,
        name="settings_review_criterion_new",
    ),
    path(
        "settings/review-criteria/<int:pk>/",
        settings.criterion_edit,
        name="settings_review_criterion_edit",
    ),
    path(
        "settings/low-score-reasons/new/",
        settings.low_score_reason_edit,
        name="settings_low_score_reason_new",
    ),
    path(
        "settings/low-score-reasons/<int:pk>/",
        settings.low_score_reason_edit,
        name="settings_low_score_reason_edit",
    ),
    path(
        "settings/<str:kind>/<int:pk>/order-or-remove/",
        settings.settings_row_action,
        name="settings_review_row_action",
    ),
]
