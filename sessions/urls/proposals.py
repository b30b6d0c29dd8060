"""The organizer's pages of the call for proposals, under /forums/<slug>/."""

from django.urls import path

from sessions.views import proposals, submission

urlpatterns = [
    path("proposals/", proposals.my_proposals, name="proposal_mine"),
    path("proposals/new/", submission.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", submission.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/withdraw/", proposals.proposal_withdraw, name="proposal_withdraw"),
    path(
        "proposals/answer/<uuid:token>/",
        proposals.proposal_person_answer,
        name="proposal_person_answer",
    ),
]
