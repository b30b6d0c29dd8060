"""Pages of the proposals stage, under /forums/<slug>/."""

from django.urls import path

from sessions.views import proposals, screening

urlpatterns = [
    path("proposals/", proposals.my_proposals, name="proposal_mine"),
    path("proposals/new/", proposals.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/withdraw/", proposals.proposal_withdraw, name="proposal_withdraw"),
    path(
        "proposals/answer/<uuid:token>/",
        proposals.proposal_person_answer,
        name="proposal_person_answer",
    ),
    path("screening/", screening.screening_list, name="screening_list"),
    path("screening/export.<str:fmt>", screening.screening_export, name="screening_export"),
    path("screening/<int:pk>/", screening.screening_proposal, name="screening_proposal"),
]
