"""The public programme, its exports and My schedule, under /forums/<slug>/. The addresses of
the exports are stable: calendar apps and schedule readers keep them."""

from django.urls import path

from sessions.views import programme, programme_exports, programme_session

urlpatterns = [
    path("programme/", programme.programme_days, name="programme"),
    path("programme/rooms/", programme.programme_rooms, name="programme_rooms"),
    path("programme/zone/", programme.programme_zone, name="programme_zone"),
    path("programme/mine/", programme_session.my_schedule, name="programme_mine"),
    path(
        "programme/mine/regenerate/",
        programme_session.feed_regenerate,
        name="programme_feed_regenerate",
    ),
    path(
        "programme/mine/<str:token>.ics",
        programme_session.personal_feed,
        name="programme_personal_feed",
    ),
    path("sessions/<int:session_id>/", programme_session.session_page, name="programme_session"),
    path(
        "sessions/<int:session_id>/bookmark/",
        programme_session.bookmark,
        name="programme_bookmark",
    ),
    path(
        "sessions/<int:session_id>.ics",
        programme_exports.session_ics_view,
        name="programme_session_ics",
    ),
    path("schedule.xml", programme_exports.schedule_xml_view, name="programme_schedule_xml"),
    path("schedule.json", programme_exports.schedule_json_view, name="programme_schedule_json"),
    path("programme.ics", programme_exports.programme_ics_view, name="programme_ics"),
]
