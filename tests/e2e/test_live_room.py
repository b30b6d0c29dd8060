"""Two participants in a real browser: one asks, the other sees the question within a second, then
votes in a poll. Real daphne, Redis, PostgreSQL and the system Chromium."""

from __future__ import annotations

import pytest

from remote_hubs.models import PollVote, Question
from remote_hubs.services import live as live_services
from tests.factories import ForumFactory, UserFactory
from tests.remote_hubs.factories import RegistrationFactory
from tests.remote_hubs.wsclient import session_cookie_for
from tests.sessions.factories import SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]

# Records, in the page, when a question with this text first appears in the list.
WATCH_QUESTIONS = """
(text) => {
  window.__seenAt = null;
  const list = document.getElementById("questions");
  new MutationObserver(() => {
    if (window.__seenAt === null && list.textContent.includes(text)) window.__seenAt = Date.now();
  }).observe(list, { childList: true, subtree: true, characterData: true });
}
"""


def open_live_room(browser, base_url: str, user, session):
    context = browser.new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": session_cookie_for(user), "url": base_url}]
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{base_url}{session.get_live_url()}")
    # "Live" once the page has connected and resumed.
    page.get_by_test_id("connection").filter(has_text="Live").wait_for()
    return context, page


def test_one_asks_another_sees_it_within_a_second_then_votes(daphne_server, browser):
    forum = ForumFactory()
    session = SessionFactory(forum=forum, title="Hybrid plenary")
    moderator = UserFactory(name="Mo Derator")
    session.moderators.add(moderator)
    asker = RegistrationFactory(forum=forum, user=UserFactory(name="Ana Asker")).user
    voter = RegistrationFactory(forum=forum, user=UserFactory(name="Vic Voter")).user

    asker_context, asker_page = open_live_room(browser, daphne_server, asker, session)
    voter_context, voter_page = open_live_room(browser, daphne_server, voter, session)
    try:
        text = "How will <b>hubs</b> be heard?"
        voter_page.evaluate(WATCH_QUESTIONS, text)
        asker_page.get_by_label("Your question").fill(text)
        sent_at = asker_page.evaluate("Date.now()")
        asker_page.get_by_role("button", name="Ask").click()
        question = voter_page.get_by_test_id("questions").get_by_text(text)
        question.wait_for()
        seen_at = voter_page.evaluate("window.__seenAt")
        assert seen_at - sent_at < 1000, f"took {seen_at - sent_at} ms"
        # Escaped: the markup is shown as text, not rendered.
        assert voter_page.locator("#questions b").count() == 0
        assert "Ana Asker" in voter_page.get_by_test_id("questions").inner_text()
        assert Question.objects.get().text == text

        # The voter upvotes it; the count updates for the asker.
        voter_page.get_by_role("button", name="Upvote").click()
        asker_page.get_by_test_id("questions").get_by_text("1 ▲").wait_for()

        # The moderator opens a poll; it appears and the voter votes.
        room = live_services.live_room_for(session=session)
        poll = live_services.poll_create(
            room=room,
            by=moderator,
            kind="single",
            question="Which topic next?",
            options=["Connectivity", "AI governance"],
        )
        live_services.poll_set_status(room=room, by=moderator, poll_id=poll.pk, status="open")
        polls = voter_page.get_by_test_id("polls")
        polls.get_by_text("Which topic next?").wait_for()
        polls.get_by_label("AI governance").check()
        polls.get_by_role("button", name="Vote").click()
        polls.get_by_text("Thank you, your answer is counted.").wait_for()
        polls.get_by_text("AI governance: 1").wait_for()
        vote = PollVote.objects.get()
        assert (vote.user_id, vote.choices) == (voter.pk, [1])
        # The asker sees the live tally too.
        asker_page.get_by_test_id("polls").get_by_text("AI governance: 1").wait_for()
    finally:
        asker_context.close()
        voter_context.close()


def test_the_page_reconnects_and_catches_up_by_itself(daphne_server, browser):
    forum = ForumFactory()
    session = SessionFactory(forum=forum)
    reader = RegistrationFactory(forum=forum).user
    writer = RegistrationFactory(forum=forum, user=UserFactory(name="Wri Ter")).user
    context, page = open_live_room(browser, daphne_server, reader, session)
    try:
        room = live_services.live_room_for(session=session)
        live_services.chat_send(room=room, by=writer, text="first line")
        page.get_by_test_id("chat").get_by_text("first line").wait_for()
        # Drop the socket as a network hiccup would; items are sent while it is away.
        page.evaluate("window.plenariaLive.socket.close()")
        live_services.chat_send(room=room, by=writer, text="while away")
        page.get_by_test_id("chat").get_by_text("while away").wait_for()
        assert page.evaluate("window.plenariaLive.lastId") == 2
        assert page.get_by_test_id("chat").locator("li").count() == 2
    finally:
        context.close()
