"""The MAG member's review pages, under /forums/<slug>/."""

from django.urls import path

from sessions.views import review

urlpatterns = [
    path("review/", review.queue, name="review_queue"),
    path("review/proposals/<int:proposal_id>/", review.review_proposal, name="review_proposal"),
    path(
        "review/proposals/<int:proposal_id>/conflict/",
        review.declare_conflict,
        name="review_conflict",
    ),
]
