"""The public API under /api/v1/ (included by forum.urls), and its OpenAPI schema."""

from rest_framework.routers import DefaultRouter

from sessions.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("forums", views.ForumViewSet, basename="api-forum")
router.register("sessions", views.SessionViewSet, basename="api-session")
router.register("speakers", views.SpeakerViewSet, basename="api-speaker")
router.register("rooms", views.RoomViewSet, basename="api-room")
router.register("versions", views.ProgrammeVersionViewSet, basename="api-version")

urlpatterns = router.urls
