"""URLs of the sessions app, mounted under /forums/<slug>/ by forum.urls. Each concern lists its
own pages in a module of this package, in the order of a proposal's life."""

from sessions.urls import assignment, decisions, proposals, review, screening, selection
from sessions.urls import programme as public_programme
from sessions.urls import schedule as programme_desk
from sessions.urls import settings as forum_settings

urlpatterns = [
    *proposals.urlpatterns,
    *screening.urlpatterns,
    *review.urlpatterns,
    *assignment.urlpatterns,
    *selection.urlpatterns,
    *decisions.urlpatterns,
    *public_programme.urlpatterns,
    *programme_desk.urlpatterns,
    *forum_settings.urlpatterns,
]
