"""WebSocket routes of every app, gathered in one place."""

from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator

from remote_hubs.routing import websocket_urlpatterns as live_urlpatterns

websocket_urlpatterns: list = [*live_urlpatterns]


def build_application(http_app):
    return ProtocolTypeRouter(
        {
            "http": http_app,
            # The Origin header of every handshake must name one of ALLOWED_HOSTS.
            "websocket": AllowedHostsOriginValidator(
                AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
            ),
        }
    )
