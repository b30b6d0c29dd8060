"""A real browser logs in as each demo account on a real daphne server."""

import pytest
from django.core.management import call_command

from forum.demo import DEFAULT_PASSWORD, DEMO_ACCOUNTS
from forum.models import User

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_each_demo_account_logs_in(daphne_server, browser):
    call_command("seed_demo", "--size", "small")
    for email, _ in DEMO_ACCOUNTS:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{daphne_server}/accounts/login/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{daphne_server}/")
        assert (
            page.get_by_test_id("current-user").inner_text() == User.objects.get(email=email).name
        )
        page.get_by_role("link", name="IGF 2026").click()
        assert page.get_by_role("heading", level=1).inner_text() == "IGF 2026"
        context.close()


def test_a_wrong_password_is_refused(daphne_server, page):
    call_command("seed_demo", "--size", "small")
    page.goto(f"{daphne_server}/accounts/login/")
    page.get_by_label("Email address").fill("mag1@demo.example")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    assert "correct email address and password" in page.locator("main").inner_text()
    assert page.get_by_test_id("current-user").count() == 0


def test_the_layout_works_at_phone_width_and_right_to_left(daphne_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ar")
    page = context.new_page()
    page.goto(f"{daphne_server}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # Nothing overflows sideways at 360 px.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    # The brand sits on the right in a right-to-left layout.
    box = page.get_by_role("link", name="Plenaria").bounding_box()
    assert box["x"] > 180
    # The skip link is the first thing the keyboard reaches, and becomes visible.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    context.close()
