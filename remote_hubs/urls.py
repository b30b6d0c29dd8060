"""Pages of remote hubs and live rooms, mounted under /forums/<slug>/."""

from django.urls import path

from remote_hubs import views

urlpatterns = [
    path("live/", views.live_sessions, name="live_sessions"),
    path("sessions/<int:session_id>/live/", views.live_room, name="live_room"),
    path("sessions/<int:session_id>/live/projector/", views.live_projector, name="live_projector"),
    path(
        "sessions/<int:session_id>/live/polls/<int:poll_id>.csv",
        views.poll_export,
        name="live_poll_export",
    ),
    path("hubs/", views.hub_list, name="hub_list"),
    path("hubs/register/", views.hub_register, name="hub_register"),
    path("hubs/<int:hub_id>/", views.hub_manage, name="hub_manage"),
    path("hubs/<int:hub_id>/decide/", views.hub_decide, name="hub_decide"),
]
