"""The secretariat's settings pages of the call, the review and the session types (and of rooms
and themes, whose permissions are checked here with the rest): who may see and post them, what a
post stores, in the forum's time zone, and the errors a wrong value gets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from forum.models import ForumRole, Room, StakeholderGroup, Theme
from sessions.models import CallForProposals, ReviewSettings, SessionType
from tests.factories import ForumFactory, RoomFactory, ThemeFactory, UserFactory, grant
from tests.sessions.factories import CallForProposalsFactory, SessionTypeFactory

pytestmark = pytest.mark.django_db

#: UTC+05:45 all year: a wrong zone anywhere shows as a wrong instant.
ZONE = "Asia/Kathmandu"


@pytest.fixture
def forum():
    forum = ForumFactory(timezone=ZONE)
    CallForProposalsFactory(forum=forum)
    return forum


@pytest.fixture
def secretariat(forum):
    user = UserFactory()
    grant(user, forum, ForumRole.Role.SECRETARIAT)
    return user


def pages(forum) -> list[str]:
    session_type = SessionTypeFactory(forum=forum)
    room = RoomFactory(forum=forum)
    theme = ThemeFactory(forum=forum)
    slug = forum.slug
    return [
        reverse("settings_call", args=[slug]),
        reverse("settings_review", args=[slug]),
        reverse("settings_session_types", args=[slug]),
        reverse("settings_session_type_new", args=[slug]),
        reverse("settings_session_type_edit", args=[slug, session_type.pk]),
        reverse("settings_rooms", args=[slug]),
        reverse("settings_room_new", args=[slug]),
        reverse("settings_room_edit", args=[slug, room.pk]),
        reverse("settings_themes", args=[slug]),
        reverse("settings_theme_new", args=[slug]),
        reverse("settings_theme_edit", args=[slug, theme.pk]),
    ]


def call_post(**changes) -> dict:
    data = {
        "opens_at": "2031-03-01T09:00",
        "closes_at": "2031-04-30T23:59",
        "guidance": "Read the criteria first.",
        "max_proposals_per_person": "2",
        "max_proposals_per_institution": "4",
        "max_sessions_per_speaker": "3",
        "require_moderators": "on",
        "description_word_limit": "600",
        "require_confirmed_speakers": "on",
        "min_confirmed_speakers": "3",
        "min_stakeholder_groups": "2",
        "min_onsite_speakers": "1",
    }
    data.update(changes)
    return data


def test_only_the_forums_own_secretariat_sees_and_posts_the_settings(client, forum, secretariat):
    urls = pages(forum)
    for url in urls:
        response = client.get(url)
        assert (response.status_code, response.url.split("?")[0]) == (302, "/accounts/login/")
    participant = UserFactory()
    other = UserFactory()
    grant(other, ForumFactory(), ForumRole.Role.SECRETARIAT)
    mag = UserFactory()
    grant(mag, forum, ForumRole.Role.MAG_MEMBER)
    for user in (participant, other, mag):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [404] * len(urls)
        assert [client.post(url, call_post()).status_code for url in urls] == [404] * len(urls)
    assert CallForProposals.objects.get(forum=forum).guidance == ""
    client.force_login(secretariat)
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)


def test_the_forum_page_links_the_settings_for_its_secretariat_only(client, forum, secretariat):
    client.force_login(UserFactory())
    assert b'data-testid="settings-links"' not in client.get(forum.get_absolute_url()).content
    client.force_login(secretariat)
    page = client.get(forum.get_absolute_url()).content.decode()
    assert 'data-testid="settings-links"' in page
    assert reverse("settings_call", args=[forum.slug]) in page
    assert reverse("settings_rooms", args=[forum.slug]) in page


def test_a_deadline_typed_in_the_forums_zone_is_that_instant_and_shown_back_so(
    client, forum, secretariat
):
    client.force_login(secretariat)
    url = reverse("settings_call", args=[forum.slug])
    response = client.post(url, call_post())
    assert response.status_code == 302
    call = CallForProposals.objects.get(forum=forum)
    # 09:00 and 23:59 in Kathmandu (UTC+05:45).
    assert call.opens_at == dt.datetime(2031, 3, 1, 3, 15, tzinfo=dt.UTC)
    assert call.closes_at == dt.datetime(2031, 4, 30, 18, 14, tzinfo=dt.UTC)
    assert (call.guidance, call.max_proposals_per_person, call.description_word_limit) == (
        "Read the criteria first.",
        2,
        600,
    )
    assert (call.mag_may_submit, call.require_gender_diversity) == (False, False)
    page = client.get(url).content.decode()
    assert 'value="2031-03-01T09:00"' in page
    assert 'value="2031-04-30T23:59"' in page
    assert "In the forum&#x27;s time zone, Asia/Kathmandu." in page


def test_the_call_refuses_a_close_before_its_opening_and_says_so(client, forum, secretariat):
    client.force_login(secretariat)
    before = CallForProposals.objects.get(forum=forum).closes_at
    response = client.post(
        reverse("settings_call", args=[forum.slug]),
        call_post(closes_at="2031-02-01T09:00", description_word_limit="10"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="error-summary"' in page
    assert "Ensure this value is greater than or equal to 50." in page
    assert CallForProposals.objects.get(forum=forum).closes_at == before


def test_the_review_settings_are_saved_in_the_forums_zone(client, forum, secretariat):
    client.force_login(secretariat)
    url = reverse("settings_review", args=[forum.slug])
    data = {
        "opens_at": "2031-05-04T08:00",
        "closes_at": "2031-06-26T18:00",
        "reviewers_per_proposal": "4",
        "min_stakeholder_groups": "2",
        "anonymous": "on",
        "reason_required_at_or_below": "2",
        "slots": "120",
        "reminder_interval_days": "5",
    }
    assert client.post(url, data).status_code == 302
    row = ReviewSettings.objects.get(forum=forum)
    assert (row.opens_at, row.closes_at) == (
        dt.datetime(2031, 5, 4, 2, 15, tzinfo=dt.UTC),
        dt.datetime(2031, 6, 26, 12, 15, tzinfo=dt.UTC),
    )
    assert (row.reviewers_per_proposal, row.anonymous, row.slots, row.keep_within_theme) == (
        4,
        True,
        120,
        False,
    )
    # The first save brings the IGF's criteria, as the review desk's setup does.
    assert forum.review_criteria.count() == 4
    response = client.post(url, {**data, "closes_at": "2031-05-01T08:00"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert ReviewSettings.objects.get(forum=forum).closes_at == row.closes_at


def test_a_session_type_is_created_and_changed_with_its_rules(client, forum, secretariat):
    client.force_login(secretariat)
    government = StakeholderGroup.objects.get(code="government")
    response = client.post(
        reverse("settings_session_type_new", args=[forum.slug]),
        {
            "code": "open-forum",
            "name": "Open Forum",
            "allowed_durations": "45, 60",
            "allowed_formats": ["panel", "roundtable"],
            "min_speakers": "2",
            "max_speakers": "8",
            "deadline": "2031-04-15T23:59",
            "allowed_stakeholder_groups": [str(government.pk)],
            "open_for_proposals": "on",
            "position": "1",
        },
    )
    assert response.status_code == 302
    created = SessionType.objects.get(forum=forum, code="open-forum")
    assert (created.name, created.allowed_durations, sorted(created.allowed_formats)) == (
        "Open Forum",
        [45, 60],
        ["panel", "roundtable"],
    )
    assert created.deadline == dt.datetime(2031, 4, 15, 18, 14, tzinfo=dt.UTC)
    assert list(created.allowed_stakeholder_groups.all()) == [government]
    edit = reverse("settings_session_type_edit", args=[forum.slug, created.pk])
    response = client.post(
        edit,
        {
            "code": "renamed",
            "name": "Open Forum",
            "allowed_durations": "60",
            "min_speakers": "5",
            "max_speakers": "3",
            "position": "1",
        },
    )
    assert response.status_code == 400
    assert "The maximum cannot be below the minimum." in response.content.decode()
    response = client.post(
        edit,
        {
            "code": "renamed",
            "name": "Open forum",
            "allowed_durations": "60",
            "min_speakers": "2",
            "max_speakers": "6",
            "position": "1",
        },
    )
    assert response.status_code == 302
    created.refresh_from_db()
    # The code stays: it names the type in the exports.
    assert (created.code, created.name, created.allowed_durations, created.deadline) == (
        "open-forum",
        "Open forum",
        [60],
        None,
    )
    assert list(created.allowed_stakeholder_groups.all()) == []
    assert (
        "2031"
        not in client.get(reverse("settings_session_types", args=[forum.slug])).content.decode()
    )
    duplicate = client.post(
        reverse("settings_session_type_new", args=[forum.slug]),
        {
            "code": "open-forum",
            "name": "Again",
            "allowed_durations": "60x",
            "min_speakers": "1",
            "max_speakers": "2",
            "position": "0",
        },
    )
    assert duplicate.status_code == 400
    page = duplicate.content.decode()
    assert "Another session type of this forum has this code." in page
    assert "List the durations as whole minutes separated by commas" in page
    assert SessionType.objects.filter(forum=forum).count() == 1


def test_rooms_and_themes_are_added_and_changed(client, forum, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("settings_room_new", args=[forum.slug]),
        {
            "name": "Plenary Hall",
            "capacity": "1500",
            "layout": "theatre",
            "has_webcast": "on",
            "position": "0",
        },
    )
    assert response.status_code == 302
    room = Room.objects.get(forum=forum)
    assert (room.name, room.capacity, room.has_webcast, room.has_captioning) == (
        "Plenary Hall",
        1500,
        True,
        False,
    )
    twice = client.post(
        reverse("settings_room_new", args=[forum.slug]),
        {"name": "Plenary Hall", "capacity": "0", "layout": "theatre", "position": "1"},
    )
    assert twice.status_code == 400
    assert "Another room of this forum has this name." in twice.content.decode()
    assert "Ensure this value is greater than or equal to 1." in twice.content.decode()
    assert Room.objects.filter(forum=forum).count() == 1

    elsewhere = ThemeFactory()
    main = client.post(
        reverse("settings_theme_new", args=[forum.slug]),
        {"name": "Digital inclusion", "position": "0"},
    )
    assert main.status_code == 302
    theme = Theme.objects.get(forum=forum)
    refused = client.post(
        reverse("settings_theme_new", args=[forum.slug]),
        {"name": "Elsewhere's child", "parent": str(elsewhere.pk), "position": "0"},
    )
    assert refused.status_code == 400
    sub = client.post(
        reverse("settings_theme_new", args=[forum.slug]),
        {"name": "Accessibility", "parent": str(theme.pk), "position": "0"},
    )
    assert sub.status_code == 302
    assert list(
        Theme.objects.filter(forum=forum).order_by("pk").values_list("name", "parent__name")
    ) == [
        ("Digital inclusion", None),
        ("Accessibility", "Digital inclusion"),
    ]
    page = client.get(reverse("settings_themes", args=[forum.slug])).content.decode()
    assert "Accessibility" in page


def test_the_forms_read_and_show_times_in_the_forums_zone_whatever_zone_is_active(forum):
    from django.utils import timezone

    from sessions.forms.settings import CallForm

    with timezone.override(dt.UTC):
        form = CallForm(call_post(), instance=None, forum=forum)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["opens_at"] == dt.datetime(2031, 3, 1, 3, 15, tzinfo=dt.UTC)
        shown = CallForm(instance=CallForProposals.objects.get(forum=forum), forum=forum)
        # The factory's call opens at midnight UTC: 05:45 in Kathmandu.
        assert 'value="2030-03-01T05:45"' in str(shown["opens_at"])
        assert "Asia/Kathmandu" in str(shown["opens_at"].help_text)
