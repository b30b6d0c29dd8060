from django.urls import path

from transcripts.views import api, desk, public

urlpatterns = [
    path(
        "api/captions/v1/sessions/<int:session_id>/segments",
        api.segments,
        name="caption_segments_api",
    ),
    path("transcripts/search/", public.search, name="transcript_search_all"),
    path("forums/<slug:slug>/transcripts/search/", public.search, name="transcript_search"),
    path("forums/<slug:slug>/captioning/", desk.captioning, name="captioning"),
    path(
        "forums/<slug:slug>/sessions/<int:session_id>/transcript/",
        public.transcript_page,
        name="transcript",
    ),
    path(
        "forums/<slug:slug>/sessions/<int:session_id>/transcript.<str:fmt>",
        public.transcript_export,
        name="transcript_export",
    ),
    path(
        "forums/<slug:slug>/sessions/<int:session_id>/captions/",
        public.caption_screen,
        name="caption_screen",
    ),
    path(
        "forums/<slug:slug>/sessions/<int:session_id>/transcript/desk/",
        desk.desk,
        name="transcript_desk",
    ),
    path(
        "forums/<slug:slug>/sessions/<int:session_id>/transcript/desk/<str:action>/",
        desk.desk_action,
        name="transcript_desk_action",
    ),
]
