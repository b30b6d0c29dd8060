"""The room's frames written straight to daphne's sockets: one ``send`` per socket and frame.

Through ASGI a frame costs each socket a coroutine through the session middleware and daphne's
``handle_reply``, autobahn framing the payload again, and Twisted's ``transport.write``, which
only buffers: it registers the socket with the event loop for writing (an ``epoll_ctl``), writes
on the next turn of the loop and unregisters it (another). At 3,000 sockets and 10 items a second
that took a process 83 % of a core, against 30 % written here (bench/live_fanout.py
--compare-asgi, docs/scaling.md), where a bare ``websockets`` server makes one ``send`` per
socket.

Here a text is framed once (:func:`prepare`, autobahn's ``PreparedMessage``: a server's frames are
not masked), and :meth:`DaphneSocket.write` hands it to the socket's kernel buffer at once when
Twisted holds nothing unsent for that socket; otherwise, or for what the kernel does not take, it
goes behind Twisted's buffer, so the socket's frames keep their order whichever path wrote them.

This reaches into daphne (4.x), autobahn and Twisted objects that are not documented API:
:func:`socket_of` recognises them and answers ``None`` for anything else (another server, the
test communicator, TLS, compression), and the consumer then sends through ASGI as before.
tests/remote_hubs/test_fanout_wire.py checks on a real daphne that the seam is found and works.
"""

from __future__ import annotations

import functools
from typing import Any

#: Frames prepared for the room's sockets; ``frame.payloadHybi`` is the frame as sent.
PreparedFrame = Any


def prepare(text: str) -> PreparedFrame:
    """The WebSocket frame of ``text``, built once for every socket that gets it."""
    from autobahn.websocket.protocol import PreparedMessage

    return PreparedMessage(text.encode("utf8"), False, False, False)


class SocketClosed(ConnectionError):
    """The socket is closed or closing: it gets no more frames."""


class DaphneSocket:
    """One WebSocket connection of this daphne process, written to without ASGI."""

    __slots__ = ("connections", "protocol")

    def __init__(self, server: Any, protocol: Any) -> None:
        self.connections = server.connections
        self.protocol = protocol

    def write(self, frame: PreparedFrame) -> None:
        """Send a prepared frame now, or queue it behind what Twisted has not sent yet.
        Raises :class:`SocketClosed` (or ``OSError``) when the socket cannot take it."""
        protocol = self.protocol
        details = self.connections.get(protocol)
        # What daphne's handle_reply and autobahn's sendMessage check before sending.
        if details is None or details.get("disconnected") or protocol.muted:
            raise SocketClosed("the socket has disconnected")
        if protocol.state != protocol.STATE_OPEN:
            raise SocketClosed("the socket is not open")
        transport = protocol.transport
        if (
            protocol._perMessageCompress is not None
            or protocol.send_queue
            or transport.TLS
            or transport.disconnecting
            or not transport.connected
            or transport._tempDataBuffer
            or transport.offset < len(transport.dataBuffer)
        ):
            # Compressed, or something is waiting to go out first: autobahn's own path.
            protocol.sendPreparedMessage(frame)
            return
        data = frame.payloadHybi
        try:
            sent = transport.socket.send(data)
        except (BlockingIOError, InterruptedError):
            sent = 0
        if sent < len(data):
            # The kernel's buffer is full: Twisted keeps the rest and writes it when it can.
            transport.write(data[sent:])


def socket_of(send: Any) -> DaphneSocket | None:
    """The daphne connection behind a consumer's ASGI ``send``, or ``None``.

    Daphne gives each connection ``functools.partial(server.handle_reply, protocol)``; channels'
    session middleware wraps it in a method of an object that keeps it as ``real_send``."""
    for _ in range(8):
        if isinstance(send, functools.partial):
            server = getattr(send.func, "__self__", None)
            if (
                getattr(send.func, "__name__", "") != "handle_reply"
                or len(send.args) != 1
                or not isinstance(getattr(server, "connections", None), dict)
            ):
                return None
            return _checked(server, send.args[0])
        inner = getattr(getattr(send, "__self__", None), "real_send", None)
        if inner is None:
            return None
        send = inner
    return None


def _checked(server: Any, protocol: Any) -> DaphneSocket | None:
    try:
        from daphne.ws_protocol import WebSocketProtocol
        from twisted.internet.tcp import Connection
    except ImportError:
        return None
    transport = getattr(protocol, "transport", None)
    if not isinstance(protocol, WebSocketProtocol) or not isinstance(transport, Connection):
        return None
    needed = ("socket", "dataBuffer", "offset", "_tempDataBuffer", "TLS", "disconnecting")
    if not all(hasattr(transport, name) for name in needed):
        return None
    if not all(hasattr(protocol, name) for name in ("send_queue", "_perMessageCompress")):
        return None
    return DaphneSocket(server, protocol)
