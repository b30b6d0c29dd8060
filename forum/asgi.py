"""ASGI entry point: HTTP through Django, WebSockets through Channels. Served by daphne."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")

# Django must be set up before anything imports models (the routing does).
django_asgi_app = get_asgi_application()

from forum.routing import build_application  # noqa: E402

application = build_application(django_asgi_app)
