"""WebSocket routes of every app, gathered in one place.

The forum app knows none of them: each app registers the dotted path of its route list in its
``AppConfig.ready`` (as it registers its forum page sections, see :mod:`forum.sections`), and the
ASGI application routes them in the order they were registered (INSTALLED_APPS order).
"""

from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.utils.module_loading import import_string

#: Dotted paths of the apps' lists of WebSocket URL patterns.
_ROUTE_LISTS: list[str] = []


def register(patterns_path: str) -> None:
    """Route the WebSocket URL patterns at ``patterns_path`` (e.g. ``"app.routing.patterns"``).

    The path is imported when the application is built, so that management commands do not load
    every consumer."""
    if patterns_path not in _ROUTE_LISTS:
        _ROUTE_LISTS.append(patterns_path)


def websocket_urlpatterns() -> list:
    """The apps' WebSocket URL patterns, in the order they were registered."""
    return [pattern for path in _ROUTE_LISTS for pattern in import_string(path)]


def build_application(http_app):
    return ProtocolTypeRouter(
        {
            "http": http_app,
            # The Origin header of every handshake must name one of ALLOWED_HOSTS.
            "websocket": AllowedHostsOriginValidator(
                AuthMiddlewareStack(URLRouter(websocket_urlpatterns()))
            ),
        }
    )
