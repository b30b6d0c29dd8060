"""The secretariat's screening of proposals, under /forums/<slug>/."""

from django.urls import path

from sessions.views import screening

urlpatterns = [
    path("screening/", screening.screening_list, name="screening_list"),
    path("screening/export.<str:fmt>", screening.screening_export, name="screening_export"),
    path("screening/announce/", screening.screening_announce_page, name="screening_announce"),
    path("screening/<int:pk>/", screening.screening_proposal, name="screening_proposal"),
]
