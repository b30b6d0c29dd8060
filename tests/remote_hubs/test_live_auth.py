"""An open socket stops writing once its person is signed out: logged out in another browser, or
their password changed (which ends every session of theirs)."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.test import Client as Browser

from remote_hubs.consumers import CLOSE_SIGNED_OUT
from remote_hubs.models import ChatMessage
from tests.factories import PASSWORD
from tests.remote_hubs.conftest import Client

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(user) -> Browser:
    """Log in through the login page, as a person would."""
    browser = Browser()
    response = browser.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return browser


async def socket_of(live, browser: Browser, full_app) -> Client:
    cookie = f"sessionid={browser.cookies['sessionid'].value}".encode()
    client = Client(
        live.session.pk,
        app=full_app,
        headers=[(b"origin", b"http://testserver"), (b"cookie", cookie)],
    )
    del client.comm.scope["user"]  # the session cookie says who this is
    assert await client.connect()
    return client


async def closed_with(client: Client) -> int:
    while True:
        output = await client.comm.receive_output(timeout=10)
        if output["type"] == "websocket.close":
            return output.get("code")


async def test_logging_out_in_another_browser_stops_the_socket(live, full_app):
    browser = await database_sync_to_async(log_in)(live.alice)
    socket = await socket_of(live, browser, full_app)
    assert socket.welcome["user"]["id"] == live.alice.pk
    await socket.send(type="chat.send", text="before")
    assert (await socket.next_of("chat.message"))["text"] == "before"

    # Another browser holding the same session logs out.
    other = Browser()
    other.cookies["sessionid"] = browser.cookies["sessionid"].value
    response = await database_sync_to_async(other.post)("/accounts/logout/")
    assert response.status_code == 302

    await socket.send(type="chat.send", text="after", ref="w2")
    assert await socket.next_of("error") == {
        "type": "error",
        "code": "signed_out",
        "message": "You were signed out. Reload the page to take part again.",
        "ref": "w2",
    }
    assert await closed_with(socket) == CLOSE_SIGNED_OUT
    texts = await database_sync_to_async(lambda: list(ChatMessage.objects.values_list("text")))()
    assert texts == [("before",)]


async def test_a_password_change_stops_the_socket(live, full_app):
    browser = await database_sync_to_async(log_in)(live.alice)
    socket = await socket_of(live, browser, full_app)

    def change_password():
        live.alice.set_password("a brand new passphrase 42")
        live.alice.save()

    await database_sync_to_async(change_password)()
    await socket.send(type="question.ask", text="still there?")
    assert (await socket.next_of("error"))["code"] == "signed_out"
    assert await closed_with(socket) == CLOSE_SIGNED_OUT


async def test_an_idle_socket_is_closed_after_logout(live, full_app, settings):
    settings.LIVE_SYNC_INTERVAL = 0.05  # the session is re-checked every few ticks
    browser = await database_sync_to_async(log_in)(live.bob)
    socket = await socket_of(live, browser, full_app)
    await database_sync_to_async(browser.post)("/accounts/logout/")
    assert await closed_with(socket) == CLOSE_SIGNED_OUT


async def test_a_handshake_without_a_session_is_anonymous_and_a_stale_cookie_too(live, full_app):
    """No session cookie: anonymous at once (no user lookup); a cookie naming no session, or one
    that was logged out, goes through the lookup and is anonymous as well."""
    browser = await database_sync_to_async(log_in)(live.alice)
    stale = browser.cookies["sessionid"].value
    await database_sync_to_async(browser.post)("/accounts/logout/")
    for headers in (
        [],
        [(b"cookie", b"sessionid=nosuchsession0123456789abcdef")],
        [(b"cookie", f"sessionid={stale}".encode())],
    ):
        client = Client(
            live.session.pk, app=full_app, headers=[(b"origin", b"http://testserver"), *headers]
        )
        del client.comm.scope["user"]
        assert await client.connect()
        assert client.welcome["user"] is None, headers
        await client.send(type="chat.send", text="anyone?", ref="a1")
        assert (await client.next_of("error"))["ref"] == "a1"
        await client.close()
