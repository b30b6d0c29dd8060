from rest_framework.routers import DefaultRouter

from reports.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("reports", views.ReportViewSet, basename="api-report")

urlpatterns = router.urls
