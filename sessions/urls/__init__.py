"""URLs of the sessions app, mounted under /forums/<slug>/ by forum.urls. Each concern lists its
own pages in a module of this package, in the order of a proposal's life."""

from sessions.urls import assignment, decisions, proposals, review, screening, selection

urlpatterns = [
    *proposals.urlpatterns,
    *screening.urlpatterns,
    *review.urlpatterns,
    *assignment.urlpatterns,
    *selection.urlpatterns,
    *decisions.urlpatterns,
]
