from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView

from forum import accounts, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("forums/<slug:slug>/", views.forum_detail, name="forum_detail"),
    path(
        "forums/<slug:slug>/outbox/<int:mail_id>/retry/",
        views.outbox_retry,
        name="outbox_retry",
    ),
    # Each app mounts its pages under the forum's address.
    path("forums/<slug:slug>/", include("sessions.urls")),
    path("forums/<slug:slug>/", include("remote_hubs.urls")),
    path("forums/<slug:slug>/", include("registration.urls")),
    path("forums/<slug:slug>/", include("forum.settings_pages.urls")),
    path("forums/<slug:slug>/", include("outputs.urls")),
    path("forums/<slug:slug>/", include("reports.urls")),
    path("", include("transcripts.urls")),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/activate/<str:token>/", accounts.activate, name="account_activate"),
    path("accounts/profile/", accounts.profile, name="profile"),
    path("accounts/", include("registration.urls.account")),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # The public, read-only API of the published programmes (docs/api.md).
    path("api/v1/", include("sessions.api.urls")),
    path("api/v1/", include("reports.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]
