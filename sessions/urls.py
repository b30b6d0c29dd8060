"""URLs of the sessions app, mounted under /forums/<slug>/. Each stage lists its own."""

from sessions.urls_proposals import urlpatterns as proposal_urls
from sessions.urls_review import urlpatterns as review_urls

urlpatterns = [*proposal_urls, *review_urls]
