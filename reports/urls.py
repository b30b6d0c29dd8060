from django.urls import path

from reports.views import pages

app_name = "reports"

urlpatterns = [
    path("reports/mine/", pages.my_reports, name="mine"),
    path("reports/<int:report_id>/", pages.report_edit, name="edit"),
    path("reports/<int:report_id>/prefill/", pages.report_prefill_view, name="prefill"),
    path(
        "reports/<int:report_id>/prefill/status/",
        pages.report_prefill_status,
        name="prefill_status",
    ),
    path("reports/<int:report_id>/review/", pages.report_review, name="review"),
    path("reports/", pages.secretariat_list, name="secretariat"),
    path("reports/overdue/", pages.secretariat_list, {"overdue": True}, name="overdue"),
]
