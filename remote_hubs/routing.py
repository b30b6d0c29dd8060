from django.urls import path

from remote_hubs.consumers import LiveRoomConsumer

websocket_urlpatterns = [
    path("ws/live/<int:session_id>/", LiveRoomConsumer.as_asgi()),
]
