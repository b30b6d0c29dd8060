"""The text rules (forum.validators) on every path text takes to the database, on PostgreSQL:
a NUL character is refused with an error (it used to answer 500), and a one-line field (a title,
a name, an organisation) refuses line breaks (a title ends up in mail subjects)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from forum.models import ForumRole, Theme
from forum.validators import LINE_BREAK_MESSAGE, NUL_MESSAGE
from sessions.models import Proposal, Review
from tests.factories import UserFactory, grant
from tests.sessions.factories import SessionFactory
from tests.sessions.proposal_data import Setup
from tests.sessions.review_helpers import assign, make_forum, make_mag, make_proposals

pytestmark = pytest.mark.django_db

NUL_TEXT = "A comment\x00with a NUL"


@pytest.fixture(autouse=True)
def _on_postgresql():
    # The defect is PostgreSQL's (it refuses NUL in text); SQLite would store it silently.
    assert connection.vendor == "postgresql"


def _draft(title="A title", **extra):
    return {
        "action": "draft",
        "creation_key": str(uuid.uuid4()),
        "title": title,
        "organizers-TOTAL_FORMS": "0",
        "organizers-INITIAL_FORMS": "0",
        "speakers-TOTAL_FORMS": "0",
        "speakers-INITIAL_FORMS": "0",
        **extra,
    }


@pytest.fixture
def proposer(client):
    now = timezone.now()
    setup = Setup(opens_at=now - dt.timedelta(days=10), closes_at=now + dt.timedelta(days=10))
    client.force_login(setup.organizer)
    return setup, reverse("proposal_create", kwargs={"slug": setup.forum.slug})


def test_a_search_query_with_nul_gets_an_error_not_a_500(client):
    session = SessionFactory(title="Open data")
    url = reverse("live_sessions", args=[session.forum.slug])
    response = client.get(url, {"q": "open\x00data"})
    assert response.status_code == 200
    assert str(NUL_MESSAGE) in response.content.decode()
    assert 'data-testid="query-error"' in response.content.decode()
    plain = client.get(url, {"q": "open"})
    assert 'data-testid="query-error"' not in plain.content.decode()


def test_the_screening_search_with_nul_is_a_form_error(client):
    forum = make_forum()
    user = UserFactory()
    grant(user, forum, ForumRole.Role.SECRETARIAT)
    client.force_login(user)
    response = client.get(reverse("screening_list", args=[forum.slug]), {"q": "a\x00"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors["q"] == [str(NUL_MESSAGE)]


def test_a_review_comment_with_nul_is_refused_and_nothing_is_saved(client):
    forum = make_forum()
    member = make_mag(forum, 1)[0]
    proposal = make_proposals(forum, 1)[0]
    assign(proposal, member)
    client.force_login(member)
    url = reverse("review_proposal", args=[forum.slug, proposal.pk])
    criteria = list(forum.review_criteria.all())
    data = {f"score_{c.pk}": "4" for c in criteria}
    data.update(action="draft", comment_to_organizers=NUL_TEXT, note_for_mag="fine")
    response = client.post(url, data)
    assert response.status_code in (200, 400)
    assert str(NUL_MESSAGE) in response.content.decode()
    assert not Review.objects.exists()
    data[f"reason_text_{criteria[0].pk}"] = "why\x00"
    data["comment_to_organizers"] = "clean"
    response = client.post(url, data)
    assert str(NUL_MESSAGE) in response.content.decode()
    assert not Review.objects.exists()
    data[f"reason_text_{criteria[0].pk}"] = ""
    assert client.post(url, data).status_code == 302
    assert Review.objects.get().comment_to_organizers == "clean"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "A title\x00", NUL_MESSAGE),
        ("title", "A title\r\nBcc: everyone@example.org", LINE_BREAK_MESSAGE),
        ("title", "Two\u2028lines", LINE_BREAK_MESSAGE),
        ("description", "Text\x00", NUL_MESSAGE),
    ],
)
def test_a_proposal_field_refuses_nul_and_a_title_refuses_line_breaks(
    client, proposer, field, value, message
):
    _setup, url = proposer
    response = client.post(url, _draft(**{field: value}))
    assert response.status_code in (200, 400)
    assert response.context["form"].errors[field] == [str(message)]
    assert not Proposal.objects.exists()


def test_a_description_keeps_its_line_breaks(client, proposer):
    _setup, url = proposer
    response = client.post(url, _draft(description="First paragraph.\r\n\r\nSecond."))
    assert response.status_code == 302
    assert Proposal.objects.get().description == "First paragraph.\r\n\r\nSecond."


def test_an_organizer_name_and_organisation_refuse_line_breaks(client, proposer):
    setup, url = proposer
    data = _draft(
        **{
            "organizers-TOTAL_FORMS": "1",
            "organizers-0-name": "Martina\nMetz",
            "organizers-0-email": setup.organizer.email,
            "organizers-0-organisation": "BMZ\rBerlin",
        }
    )
    response = client.post(url, data)
    assert response.status_code in (200, 400)
    errors = response.context["organizers"].forms[0].errors
    assert errors == {"name": [str(LINE_BREAK_MESSAGE)], "organisation": [str(LINE_BREAK_MESSAGE)]}
    assert not Proposal.objects.exists()


def test_model_forms_and_the_admin_refuse_line_breaks_in_one_line_fields(client):
    """Model text fields carry the rules themselves: every ModelForm and admin form has them."""
    forum = make_forum()
    user = UserFactory(is_staff=True)
    grant(user, forum, ForumRole.Role.SECRETARIAT)
    client.force_login(user)
    url = reverse("admin:forum_theme_add")
    data = {
        "forum": forum.pk,
        "name": "Access\nand inclusion",
        "description": "x\ny",
        "position": 0,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [str(LINE_BREAK_MESSAGE)]
    assert not Theme.objects.filter(forum=forum).exists()
    response = client.post(url, {**data, "name": "Access", "description": "NUL\x00"})
    assert response.context["adminform"].form.errors["description"]
    response = client.post(url, {**data, "name": "Access"})  # a description may have lines
    assert response.status_code == 302
    # The profile page (a ModelForm of the account).
    client.force_login(UserFactory())
    response = client.post(
        reverse("profile"), {"name": "Ada", "organisation": "One\nTwo", "gender": ""}
    )
    assert "organisation" in response.context["form"].errors
