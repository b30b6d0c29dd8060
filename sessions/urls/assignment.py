"""The secretariat's review desk (assignment of reviewers, reminders), under /forums/<slug>/."""

from django.urls import path

from sessions.views import assignment

urlpatterns = [
    path("review/manage/", assignment.manage, name="review_manage"),
    path("review/manage/assign/", assignment.run_assignment, name="review_assign"),
    path("review/manage/remind/", assignment.send_reminders, name="review_remind"),
    path(
        "review/manage/proposals/<int:proposal_id>/",
        assignment.manage_proposal,
        name="review_manage_proposal",
    ),
]
