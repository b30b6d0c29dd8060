"""A real browser on the draft programme editor: the secretariat drags a session onto another
room and time, then moves it with the keyboard; each move is saved and its warnings appear at
once on the session and in the draft's list."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.conf import settings

from sessions.models import DraftPlacement
from sessions.services import programme_draft
from tests.factories import PASSWORD
from tests.sessions.desk_helpers import (
    local,
    make_forum,
    make_rooms,
    make_secretariat,
    make_session,
)

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]


def login(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def screenshot(page, name: str) -> None:
    out = Path(settings.VAR_DIR) / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)


#: What the page's status line said, for a failure's message.
STATUS: list[str] = []


def draft_of(session, until):
    """The session's draft placement once ``until(draft)`` holds (waiting for the POST)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        draft = DraftPlacement.objects.filter(session=session).first()
        if draft and until(draft):
            return draft
        time.sleep(0.1)
    raise AssertionError(f"the draft of {session} did not change: {draft} ({STATUS[-1:]})")


def test_drag_and_keyboard_moves_with_warnings_at_once(daphne_server, browser):
    forum = make_forum()
    small, hall = make_rooms(forum)
    sec = make_secretariat(forum)
    a = make_session(forum, title="Connectivity", speaker_email="amina@example.org")
    b = make_session(forum, title="AI governance", speaker_email="amina@example.org")
    programme_draft.draft_place(session=a, room=small, starts_at=local(forum, 0, 9), by=sec)
    programme_draft.draft_place(session=b, room=hall, starts_at=local(forum, 0, 11), by=sec)
    base = daphne_server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)  # the shared machine can be slow
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, base, sec)
    page.goto(f"{base}/forums/{forum.slug}/schedule/?day=2030-12-02")
    draft_list = page.get_by_test_id("draft-warnings")
    assert "No warnings." in draft_list.inner_text()

    # Drag "AI governance" to the Main Hall at 09:30, while Amina is in "Connectivity".
    block = page.get_by_test_id(f"block-{b.pk}")
    target = page.locator(f'.cell[data-room="{hall.pk}"][data-start="2030-12-02T09:30"]')
    block.drag_to(target)
    draft = draft_of(b, lambda d: d.starts_at == local(forum, 0, 9, 30))
    assert draft.room == hall
    warning = "Amina is also in “Connectivity” at the same time."
    page.wait_for_function(
        "text => document.querySelector('[data-testid=draft-warnings]').innerText.includes(text)",
        arg=warning,
    )
    assert warning in block.locator(".warnings").inner_text()
    assert "has-warnings" in block.get_attribute("class")
    screenshot(page, "programme-editor-warnings")

    # The keyboard: up one slot (09:15), then left one room (Workshop Room 1).
    block.focus()
    page.keyboard.press("ArrowUp")
    draft_of(b, lambda d: d.starts_at == local(forum, 0, 9, 15))
    page.wait_for_function(
        "() => document.querySelector('[data-testid=editor-status]').innerText.includes('09:15')"
    )
    page.keyboard.press("ArrowLeft")
    draft = draft_of(b, lambda d: d.room_id == small.pk)
    assert draft.starts_at == local(forum, 0, 9, 15)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=draft-warnings]').innerText.includes('Workshop Room 1 is also given')"
    )
    # Down three slots: 09:30 and 09:45 are still with Connectivity; 10:00 is clear of it.
    for hour, minute in ((9, 30), (9, 45), (10, 0)):
        page.keyboard.press("ArrowDown")
        draft_of(b, lambda d, h=hour, m=minute: d.starts_at == local(forum, 0, h, m))
        page.wait_for_function(
            "t => document.querySelector('[data-testid=editor-status]').innerText.includes(t)",
            arg=f"{hour:02d}:{minute:02d}",
        )
    page.wait_for_function(
        "() => document.querySelector('[data-testid=draft-warnings]').innerText.includes('No warnings.')"
    )
    assert block.locator(".warnings li").count() == 0
    assert errors == []
    screenshot(page, "programme-editor-keyboard")
    context.close()
