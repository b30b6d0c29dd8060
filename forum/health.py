"""Health of the services a Plenaria process depends on: database, channel layer, broker.

Each check answers "ok" or a short description of the error; ``/healthz`` turns them into JSON.
"""

from __future__ import annotations

import asyncio
import uuid

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection

TIMEOUT_SECONDS = 3.0


def _error(exc: BaseException) -> str:
    return f"error: {type(exc).__name__}: {exc}"[:300]


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # every failure is reported, none is raised
        return _error(exc)
    return "ok"


async def check_channel_layer() -> str:
    """Send a message to a fresh channel and read it back."""
    try:
        layer = get_channel_layer()
        if layer is None:
            return "error: no channel layer configured"
        channel = await layer.new_channel("healthz.")
        token = uuid.uuid4().hex
        await asyncio.wait_for(
            layer.send(channel, {"type": "healthz.ping", "token": token}), TIMEOUT_SECONDS
        )
        message = await asyncio.wait_for(layer.receive(channel), TIMEOUT_SECONDS)
    except Exception as exc:
        return _error(exc)
    if message.get("token") != token:
        return "error: the channel layer returned another message"
    return "ok"


def check_broker() -> str:
    """Connect to the Celery broker. In embedded mode tasks run in-process and need none."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "ok"
    from forum.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=TIMEOUT_SECONDS)
            conn.default_channel  # noqa: B018 - opens the channel, which talks to the broker
    except Exception as exc:
        return _error(exc)
    return "ok"


async def check_all() -> dict[str, str]:
    database = await sync_to_async(check_database, thread_sensitive=True)()
    channel_layer = await check_channel_layer()
    broker = await sync_to_async(check_broker, thread_sensitive=False)()
    return {"database": database, "channel_layer": channel_layer, "broker": broker}
