import time
from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.urls import reverse

from forum.models import ForumRole
from tests.factories import PASSWORD, ForumFactory, RoomFactory, ThemeFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


def test_home_lists_public_forums_and_hides_private_ones(client):
    ForumFactory(name="IGF 2031")
    ForumFactory(name="Secret Retreat", is_public=False)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "IGF 2031" in response.text
    assert "Secret Retreat" not in response.text


def test_private_forum_is_404_for_strangers_and_visible_to_role_holders(client):
    forum = ForumFactory(name="Secret Retreat", is_public=False)
    url = reverse("forum_detail", kwargs={"slug": forum.slug})
    assert client.get(url).status_code == 404
    member = UserFactory()
    grant(member, forum, ForumRole.Role.MAG_MEMBER)
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    assert "Secret Retreat" in response.text
    assert "MAG member" in response.text


def test_forum_home_shows_themes_rooms_and_phases(client):
    forum = ForumFactory(name="IGF 2032", theme="Digital trust")
    parent = ThemeFactory(forum=forum, name="Human rights online")
    ThemeFactory(forum=forum, parent=parent, name="Privacy & <data>")
    RoomFactory(forum=forum, name="Workshop Room 1", capacity=120)
    response = client.get(reverse("forum_detail", kwargs={"slug": forum.slug}))
    assert response.status_code == 200
    assert "Human rights online" in response.text
    assert "Privacy &amp; &lt;data&gt;" in response.text  # user text is escaped
    assert "Workshop Room 1" in response.text
    assert "120" in response.text


def test_home_page_query_count_does_not_grow_with_forums(client, django_assert_num_queries):
    ForumFactory()
    with django_assert_num_queries(1):
        client.get(reverse("home"))
    ForumFactory.create_batch(10)
    with django_assert_num_queries(1):
        client.get(reverse("home"))


def test_forum_home_query_count_does_not_grow_with_rooms_and_themes(
    client, django_assert_num_queries
):
    forum = ForumFactory()
    theme = ThemeFactory(forum=forum)
    ThemeFactory(forum=forum, parent=theme)
    RoomFactory(forum=forum)
    url = reverse("forum_detail", kwargs={"slug": forum.slug})
    # The forum, its phases, rooms, themes and sub-themes, then one query per app section that
    # needs one (registration's dates, the live rooms' count, the published outputs); the programme
    # and transcripts sections read what is already loaded.
    with django_assert_num_queries(8):
        client.get(url)
    for _ in range(5):
        t = ThemeFactory(forum=forum)
        ThemeFactory(forum=forum, parent=t)
        RoomFactory(forum=forum)
    with django_assert_num_queries(8):
        client.get(url)


def test_login_with_email_and_password(client):
    user = UserFactory(email="ana@example.org", name="Ana Silva")
    response = client.post(
        reverse("login"), {"username": "ANA@example.org", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert response.context["user"] == user
    assert "Ana Silva" in response.text


def test_wrong_password_shows_a_clear_error(client):
    UserFactory(email="ana@example.org")
    response = client.post(reverse("login"), {"username": "ana@example.org", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct email address and password" in response.text
    assert response.context["user"].is_authenticated is False


def test_login_is_rate_limited_per_account(client, monkeypatch):
    UserFactory(email="ana@example.org")
    # The limit counts per clock-aligned minute: hold the library's clock still, so that a minute
    # boundary falling between two requests cannot reset the count.
    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))
    statuses = [
        client.post(reverse("login"), {"username": "ana@example.org", "password": "x"}).status_code
        for _ in range(11)
    ]
    assert statuses == [200] * 10 + [429]


def test_logout_needs_a_post(client):
    client.force_login(UserFactory())
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_working_link(client, mailoutbox):
    user = UserFactory(email="ana@example.org")
    response = client.post(reverse("password_reset"), {"email": "ana@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    link = next(line for line in body.splitlines() if "/accounts/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "a new Long passphrase 42", "new_password2": "a new Long passphrase 42"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a new Long passphrase 42")


def test_language_switch_to_french(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert '<html lang="fr" dir="ltr">' in response.text
    assert "Aller au contenu principal" in response.text
    assert "Forums" in response.text


def test_arabic_flips_the_layout_right_to_left(client):
    response = client.get("/", headers={"accept-language": "ar"})
    assert '<html lang="ar" dir="rtl">' in response.text


def test_pages_have_landmarks_and_a_skip_link(client):
    text = client.get("/").text
    assert '<a class="skip-link" href="#content">' in text
    assert '<main id="content"' in text
    assert '<nav aria-label="Main"' in text
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text


def test_static_assets_are_served_locally(client):
    text = client.get("/").text
    assert "https://" not in text.split("<body>")[0]
    assert "/static/plenaria/" in text
