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
