"""Every page type in a real Chromium on a real daphne server, on the small demo, at 1280 and 390 px,
in English and Arabic: a screenshot of each under var/screenshots/ (PLENARIA_VAR_DIR), and the test
fails if a page scrolls sideways, breaks a word inside a table cell, answers an error, or trips the
Content-Security-Policy (a securitypolicyviolation event or a CSP console error)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from forum.demo import DEFAULT_PASSWORD, IGF_NEXT_SLUG, IGF_SLUG, WSIS_SLUG
from remote_hubs.models import Hub, LiveRoom
from sessions.models import Proposal, ReviewAssignment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    # About 150 page loads with full-page screenshots on a shared machine.
    pytest.mark.timeout(1800),
]

WIDTHS = (1280, 390)
#: Django's admin is for power use at desk widths: only its policy and answers are checked.
LAYOUT_UNCHECKED = {"admin", "admin-change"}
LANGUAGES = ("en", "ar")

#: Listens from the first byte of every document, before any of the page's scripts.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""

#: Words (split at spaces, hyphens and slashes, where a line may break) of every visible table
#: cell whose glyphs lie on more than one line: a word broken in the middle.
BROKEN_WORDS = r"""
() => {
  const broken = [];
  for (const cell of document.querySelectorAll("td, th")) {
    if (!cell.getClientRects().length) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const text = node.textContent;
      const words = /[^\s\-\u2010-\u2014\/]+/g;
      let m;
      while ((m = words.exec(text))) {
        if (m[0].length < 2) continue;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = [];
        for (const r of range.getClientRects()) {
          if (r.width === 0 || r.height === 0) continue;
          if (!lines.some((top) => Math.abs(top - r.top) < r.height / 2)) lines.push(r.top);
        }
        if (lines.length > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}
"""


#: Tables that scroll sideways inside their box, but cannot be reached by keyboard or lack a name.
UNREACHABLE_SCROLLERS = """
() => Array.from(document.querySelectorAll(".table-wrap, .table-scroll")).filter(
  (w) => w.scrollWidth > w.clientWidth + 1
    && !(w.tabIndex >= 0 && (w.getAttribute("aria-label") || w.getAttribute("aria-labelledby")))
).length
"""


def _log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def _pages() -> dict[str | None, list[tuple[str, str]]]:
    """(page type, path) for each viewer (None: not logged in), taken from the demo's data."""
    organizer_proposal = (
        Proposal.objects.filter(
            forum__slug=IGF_SLUG,
            organizers__user__email="organizer1@demo.example",
            status=Proposal.Status.SUBMITTED,
        )
        .order_by("pk")
        .first()
    )
    screened = (
        Proposal.objects.filter(forum__slug=WSIS_SLUG, status=Proposal.Status.SUBMITTED)
        .order_by("pk")
        .first()
    )
    assignment = (
        ReviewAssignment.objects.filter(
            reviewer__email="mag1@demo.example", proposal__forum__slug=WSIS_SLUG
        )
        .order_by("proposal_id")
        .first()
    )
    live = LiveRoom.objects.filter(session__forum__slug=IGF_SLUG).order_by("session_id").first()
    hub = Hub.objects.filter(forum__slug=IGF_SLUG, coordinator__email="hub1@demo.example").first()
    igf, wsis, nxt = (f"/forums/{slug}" for slug in (IGF_SLUG, WSIS_SLUG, IGF_NEXT_SLUG))
    return {
        None: [
            ("home", "/"),
            ("forum", f"{igf}/"),
            ("login", "/accounts/login/"),
            ("signup", "/accounts/signup/"),
            ("password-reset", "/accounts/password-reset/"),
            ("programme", f"{igf}/programme/"),
            ("programme-session", f"{igf}/sessions/{live.session_id}/"),
            ("hubs", f"{igf}/hubs/"),
            ("transcript-search", f"{igf}/transcripts/search/"),
        ],
        "organizer1@demo.example": [
            ("profile", "/accounts/profile/"),
            ("proposal-form", f"{nxt}/proposals/new/"),
            ("proposal-edit", f"{igf}/proposals/{organizer_proposal.pk}/edit/"),
            ("proposal", f"{igf}/proposals/{organizer_proposal.pk}/"),
            ("proposal-list", f"{igf}/proposals/"),
            ("outcome", f"{igf}/proposals/{organizer_proposal.pk}/outcome/"),
            ("outcomes", f"{igf}/proposals/outcomes/"),
        ],
        "secretariat@demo.example": [
            ("screening", f"{wsis}/screening/"),
            ("screening-proposal", f"{wsis}/screening/{screened.pk}/"),
            ("review-manage", f"{wsis}/review/manage/"),
            ("review-manage-proposal", f"{wsis}/review/manage/proposals/{screened.pk}/"),
            ("results", f"{igf}/review/results/"),
            ("merges", f"{igf}/review/merge-candidates/"),
            ("decisions", f"{igf}/review/notifications/"),
            ("schedule", f"{igf}/schedule/"),
            ("settings-call", f"{nxt}/settings/call/"),
            ("settings-review", f"{wsis}/settings/review/"),
            ("settings-session-types", f"{nxt}/settings/session-types/"),
            ("settings-rooms", f"{igf}/settings/rooms/"),
            ("settings-themes", f"{igf}/settings/themes/"),
            ("registrations", f"{igf}/registrations/"),
            ("admin", "/admin/"),
            ("admin-change", f"/admin/programme/proposal/{screened.pk}/change/"),
        ],
        "mag1@demo.example": [
            ("review-queue", f"{wsis}/review/"),
            ("review-form", f"{wsis}/review/proposals/{assignment.proposal_id}/"),
        ],
        "participant1@demo.example": [
            ("live-sessions", f"{igf}/live/"),
            ("live-room", f"{igf}/sessions/{live.session_id}/live/"),
        ],
        "hub1@demo.example": [
            ("hub", f"{igf}/hubs/{hub.pk}/"),
            ("hub-register", f"{igf}/hubs/register/"),
        ],
    }


def test_every_page_type_fits_keeps_words_whole_and_obeys_the_policy(daphne_server, browser):
    call_command("seed_demo", "--size", "small")
    pages = _pages()
    out = Path(settings.VAR_DIR) / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    seen = 0
    for viewer, paths in pages.items():
        for language in LANGUAGES:
            for width in WIDTHS:
                context = browser.new_context(
                    viewport={"width": width, "height": 900}, locale=language
                )
                context.set_default_timeout(20_000)
                # The first pages of a fresh server on a shared machine can be slow to answer.
                context.set_default_navigation_timeout(90_000)
                context.add_init_script(CSP_LISTENER)
                page = context.new_page()
                console: list[str] = []
                page.on(
                    "console",
                    lambda msg, console=console: (
                        console.append(msg.text)
                        if msg.type == "error" and "Content Security Policy" in msg.text
                        else None
                    ),
                )
                if viewer:
                    _log_in(page, daphne_server, viewer)
                for name, path in paths:
                    where = f"{name} ({language}, {width}px, {viewer or 'anonymous'}) {path}"
                    console.clear()
                    response = page.goto(f"{daphne_server}{path}", wait_until="load")
                    page.wait_for_timeout(50)  # let deferred scripts lay the page out
                    page.screenshot(
                        path=str(out / f"{name}-{language}-{width}.png"), full_page=True
                    )
                    seen += 1
                    if response is None or response.status >= 400:
                        problems.append(f"{where}: HTTP {response and response.status}")
                        continue
                    if page.locator("html").get_attribute("lang") != language:
                        problems.append(f"{where}: not in {language}")
                    violations = page.evaluate("window.__cspViolations") + console
                    if violations:
                        problems.append(f"{where}: CSP violations: {violations[:5]}")
                    if name in LAYOUT_UNCHECKED:
                        continue
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth - window.innerWidth"
                    )
                    if overflow > 0:
                        problems.append(f"{where}: {overflow}px wider than the window")
                    unreachable = page.evaluate(UNREACHABLE_SCROLLERS)
                    if unreachable:
                        problems.append(f"{where}: {unreachable} scrolling tables without a name")
                    broken = page.evaluate(BROKEN_WORDS)
                    if broken:
                        problems.append(f"{where}: words broken in table cells: {broken[:5]}")
                context.close()
    assert seen == sum(len(p) for p in pages.values()) * len(WIDTHS) * len(LANGUAGES)
    assert problems == []
