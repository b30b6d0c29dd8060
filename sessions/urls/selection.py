"""The results board and the selection (bulk decisions, merges), under /forums/<slug>/."""

from django.urls import path

from sessions.views import selection

urlpatterns = [
    path("review/results/", selection.board, name="review_board"),
    path("review/results/make-up/", selection.board_makeup, name="review_board_makeup"),
    path("review/results/export.csv", selection.board_export, name="review_board_export"),
    path("review/results/decide/", selection.bulk_decide, name="review_bulk_decide"),
    path("review/merge-candidates/", selection.merges, name="review_merges"),
]
