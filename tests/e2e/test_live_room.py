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
    context.add_cookies([{"name": "sessionid", "value": session_cookie_for(user), "url": base_url}])
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{base_url}{session.get_live_url()}")
    # Once the page has connected and resumed.
    page.locator("html[data-live-resumed]").wait_for(state="attached")
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
        asker_page.get_by_test_id("questions").get_by_text("1 vote", exact=True).wait_for()

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
        polls.locator(".poll-result", has_text="AI governance").get_by_text("1 (100%)").wait_for()
        vote = PollVote.objects.get()
        assert (vote.user_id, vote.choices) == (voter.pk, [1])
        # The asker sees the live tally too.
        asker_page.get_by_test_id("polls").locator(
            ".poll-result", has_text="AI governance"
        ).get_by_text("1 (100%)").wait_for()
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


def test_the_moderator_runs_a_poll_moderates_chat_and_highlights_for_the_projector(
    daphne_server, browser
):
    forum = ForumFactory()
    session = SessionFactory(forum=forum, title="Moderated session")
    moderator = UserFactory(name="Mo Derator")
    session.moderators.add(moderator)
    participant = RegistrationFactory(forum=forum, user=UserFactory(name="Pat Participant")).user
    mod_context, mod_page = open_live_room(browser, daphne_server, moderator, session)
    part_context, part_page = open_live_room(browser, daphne_server, participant, session)
    projector_context = browser.new_context()
    projector = projector_context.new_page()
    try:
        projector.goto(f"{daphne_server}{session.get_live_url()}projector/")

        # Chat: the participant writes, the moderator deletes it, everyone sees it go.
        part_page.get_by_label("Message").fill("buy cheap watches")
        part_page.get_by_role("button", name="Send").click()
        mod_page.get_by_test_id("chat").get_by_text("buy cheap watches").wait_for()
        mod_page.get_by_test_id("chat").get_by_role("button", name="Delete").click()
        part_page.get_by_test_id("chat").get_by_text("Message deleted").wait_for()
        assert "buy cheap watches" not in part_page.get_by_test_id("chat").inner_text()

        # Q&A: the participant asks; the moderator highlights it; the projector shows it large.
        part_page.get_by_label("Your question").fill("What comes after WSIS+20?")
        part_page.get_by_role("button", name="Ask").click()
        questions = mod_page.get_by_test_id("questions")
        questions.get_by_text("What comes after WSIS+20?").wait_for()
        questions.get_by_role("button", name="Highlight").click()
        projector.get_by_test_id("highlight").get_by_text("What comes after WSIS+20?").wait_for()

        # A poll made in the page: draft, open, a vote, closed with the results.
        mod_page.get_by_text("New poll").click()
        mod_page.get_by_label("Question", exact=True).fill("Rate this session")
        mod_page.get_by_label("Kind").select_option("rating")
        mod_page.get_by_role("button", name="Create draft").click()
        mod_polls = mod_page.get_by_test_id("polls")
        mod_polls.get_by_role("button", name="Open poll").click()
        part_polls = part_page.get_by_test_id("polls")
        part_polls.get_by_text("Rate this session").wait_for()
        part_polls.get_by_label("4").check()
        part_polls.get_by_role("button", name="Vote").click()
        part_polls.get_by_text("Thank you, your answer is counted.").wait_for()
        mod_polls.get_by_text("Average 4").wait_for()
        mod_polls.get_by_role("button", name="Close poll").click()
        part_polls.get_by_text("rating scale · closed").wait_for()
        fourth = part_polls.locator(".poll-result").nth(3)
        assert fourth.inner_text().split() == ["4", "1", "(100%)"]
        export = mod_polls.get_by_role("link", name="Export CSV").get_attribute("href")
        assert export.endswith(".csv")
    finally:
        mod_context.close()
        part_context.close()
        projector_context.close()
