"""Announcing decisions and the organizers' outcome pages, under /forums/<slug>/."""

from django.urls import path

from sessions.views import decisions

urlpatterns = [
    path("review/notifications/", decisions.notifications, name="review_notifications"),
    path(
        "review/notifications/send/",
        decisions.send_notifications,
        name="review_notifications_send",
    ),
    path("proposals/<int:proposal_id>/outcome/", decisions.outcome, name="proposal_outcome"),
    path("proposals/outcomes/", decisions.my_outcomes, name="proposal_outcomes"),
]
