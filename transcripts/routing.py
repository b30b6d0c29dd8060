from django.urls import path

from transcripts.consumers import CaptionInputConsumer

websocket_urlpatterns = [
    path("ws/captions/<int:session_id>/", CaptionInputConsumer.as_asgi()),
]
