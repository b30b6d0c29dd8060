from django.urls import path

from outputs.views import desk, public

urlpatterns = [
    path("compilations/", desk.compilations, name="compilations"),
    path("compilations/<str:kind>/", desk.compilation, name="compilation"),
    path("compilations/<str:kind>/build/", desk.build, name="compilation_build"),
    path("compilations/<str:kind>/synthesis/", desk.synthesis, name="compilation_synthesis"),
    path("compilations/<str:kind>/round/open/", desk.round_open, name="compilation_round_open"),
    path("compilations/<str:kind>/round/close/", desk.round_close, name="compilation_round_close"),
    path("compilations/<str:kind>/comments/", desk.moderation, name="compilation_moderation"),
    path(
        "compilations/<str:kind>/builds/<int:build_id>/status.json",
        desk.status,
        name="compilation_build_status",
    ),
    path(
        "compilations/<str:kind>/builds/<int:build_id>/publish/",
        desk.publish,
        name="compilation_publish",
    ),
    path(
        "compilations/<str:kind>/builds/<int:build_id>/download.<str:fmt>",
        public.download,
        name="compilation_download",
    ),
    path("compilations/<str:kind>/draft/", public.draft, name="compilation_draft"),
    path(
        "compilations/<str:kind>/draft/<str:paragraph_id>/",
        public.comment,
        name="compilation_comment",
    ),
]
