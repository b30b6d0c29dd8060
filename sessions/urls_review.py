"""Pages of the review stage, mounted under /forums/<slug>/."""

from django.urls import path

from sessions.views import decisions, review, selection

urlpatterns = [
    path("review/", review.queue, name="review_queue"),
    path("review/proposals/<int:proposal_id>/", review.review_proposal, name="review_proposal"),
    path(
        "review/proposals/<int:proposal_id>/conflict/",
        review.declare_conflict,
        name="review_conflict",
    ),
    path("review/manage/", review.manage, name="review_manage"),
    path("review/manage/assign/", review.run_assignment, name="review_assign"),
    path("review/manage/remind/", review.send_reminders, name="review_remind"),
    path(
        "review/manage/proposals/<int:proposal_id>/",
        review.manage_proposal,
        name="review_manage_proposal",
    ),
    path("review/results/", selection.board, name="review_board"),
    path("review/results/make-up/", selection.board_makeup, name="review_board_makeup"),
    path("review/results/decide/", selection.bulk_decide, name="review_bulk_decide"),
    path("review/merge-candidates/", selection.merges, name="review_merges"),
    path("review/notifications/", decisions.notifications, name="review_notifications"),
    path(
        "review/notifications/send/",
        decisions.send_notifications,
        name="review_notifications_send",
    ),
    path("proposals/<int:proposal_id>/outcome/", decisions.outcome, name="proposal_outcome"),
    path("proposals/outcomes/", decisions.my_outcomes, name="proposal_outcomes"),
]
