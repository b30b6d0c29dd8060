"""A real WebSocket client of the live room for integration tests (the `websockets` library).

It behaves like the page's script: it authenticates with the session cookie, sends the Origin
header, resumes from the last id it has after every (re)connection and reconnects by itself with
exponential backoff and full jitter.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
from urllib.parse import urlsplit

from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException


def session_cookie_for(user) -> str:
    """A logged-in session for ``user``, as the browser would hold it."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


class LiveClient:
    def __init__(self, base_url: str, session_id: int, cookie: str | None = None):
        parts = urlsplit(base_url)
        self.url = f"ws://{parts.netloc}/ws/live/{session_id}/"
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.cookie = cookie
        self.items: dict[int, dict] = {}
        self.order: list[int] = []  # ids in the order they arrived (duplicates ignored)
        self.frames: list[dict] = []
        self.last_id = 0
        self.connections = 0
        self.socket = None
        self.ready = asyncio.Event()  # set once a connection has resumed
        self._task: asyncio.Task | None = None
        self._stop = False
        self.arrival: dict[int, float] = {}

    async def start(self) -> None:
        self._task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        attempts = 0
        headers = [("Cookie", f"sessionid={self.cookie}")] if self.cookie else []
        while not self._stop:
            try:
                async with connect(
                    self.url, origin=self.origin, additional_headers=headers, open_timeout=10
                ) as socket:
                    self.socket = socket
                    self.connections += 1
                    attempts = 0
                    async for raw in socket:
                        self._on_frame(json.loads(raw))
                        if self.frames[-1]["type"] == "welcome":
                            await socket.send(
                                json.dumps({"type": "resume", "last_id": self.last_id})
                            )
            except (TimeoutError, OSError, WebSocketException):
                pass
            self.socket = None
            self.ready.clear()
            if self._stop:
                break
            # Full jitter backoff, capped at 2 s in tests.
            await asyncio.sleep(random.uniform(0.1, min(2.0, 0.2 * 2**attempts)))  # noqa: S311
            attempts += 1

    def _on_frame(self, frame: dict) -> None:
        if frame["type"] == "batch":  # several items in one frame, in id order
            self.batches = getattr(self, "batches", 0) + 1
            for item in frame["items"]:
                self._on_frame(item)
            return
        self.frames.append(frame)
        if frame["type"] == "resumed":
            self.ready.set()
        item_id = frame.get("id")
        if isinstance(item_id, int) and item_id not in self.items:
            self.items[item_id] = frame
            self.order.append(item_id)
            self.arrival[item_id] = time.monotonic()
            self.last_id = max(self.last_id, item_id)

    async def send(self, **message) -> None:
        deadline = time.monotonic() + 15
        while self.socket is None and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await self.socket.send(json.dumps(message))

    async def wait_for(self, predicate, timeout: float = 10) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self):
                return True
            await asyncio.sleep(0.02)
        return predicate(self)

    async def stop(self) -> None:
        self._stop = True
        if self.socket is not None:
            with contextlib.suppress(Exception):
                await self.socket.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    def of_type(self, type_: str) -> list[dict]:
        return [self.items[i] for i in self.order if self.items[i]["type"] == type_]
