"""Permissions of the outputs pages, the build button and the comment round end to end through
the views (open, comment within the period, refused after close, answer, resolve, publish)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from outputs.models import Compilation, CompilationBuild, ParagraphComment
from outputs.services.comments import round_open
from registration.models import Registration
from tests.factories import ForumFactory, UserFactory
from tests.outputs.helpers import approved_report, built, secretariat_of, theme
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    forum = ForumFactory(is_public=True)
    access = theme(forum, "Universal access")
    session = SessionFactory(forum=forum, title="Community networks", theme=access)
    approved_report(session, takeaways=["Spectrum must be affordable"])
    forum.session = session
    return forum


def participant(forum):
    user = UserFactory()
    Registration.objects.create(forum=forum, user=user, status="approved", attendance="online")
    return user


def test_only_the_secretariat_sees_the_desk_pages(client, forum):
    base = f"/forums/{forum.slug}/compilations/"
    for user in (None, UserFactory(), participant(forum)):
        client.logout()
        if user:
            client.force_login(user)
        for url in (base, base + "messages/", base + "messages/synthesis/"):
            response = client.get(url)
            assert response.status_code in (302, 404), url
            if user:
                assert response.status_code == 404
        assert client.post(base + "messages/build/").status_code in (302, 404)
    assert not CompilationBuild.objects.exists()
    client.force_login(secretariat_of(forum))
    assert client.get(base).status_code == 200
    home = client.get(f"/forums/{forum.slug}/").content.decode()
    assert f'href="{base}"' in home


def test_the_build_button_queues_one_build_per_request_and_runs_it(client, forum):
    client.force_login(secretariat_of(forum))
    page = client.get(f"/forums/{forum.slug}/compilations/messages/").content.decode()
    key = page.split('name="request_key" value="')[1].split('"')[0]
    for _ in range(2):  # the same form sent twice
        response = client.post(
            f"/forums/{forum.slug}/compilations/messages/build/", {"request_key": key}
        )
        assert response.status_code == 302
    build = CompilationBuild.objects.get()
    # Embedded mode runs the task on commit; under services the worker does: either way, once.
    build.refresh_from_db()
    if build.status != "done":
        from outputs.services.builds import build_run

        build = build_run(build_id=build.pk)
    assert build.number == 1
    status = client.get(
        f"/forums/{forum.slug}/compilations/messages/builds/{build.pk}/status.json"
    ).json()
    assert status["status"] == "done" and status["progress"] == 100
    pdf = client.get(f"/forums/{forum.slug}/compilations/messages/builds/{build.pk}/download.pdf")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content)[:4] == b"%PDF"


def test_comment_round_open_comment_close_answer_resolve_publish(client, forum):
    secretariat = secretariat_of(forum)
    build = built(forum, Compilation.Kind.MESSAGES, by=secretariat)
    pid = f"p-s{forum.session.pk}-kt1"
    base = f"/forums/{forum.slug}/compilations/messages/"
    person, outsider = participant(forum), UserFactory()

    client.force_login(person)
    assert client.get(base + "draft/").status_code == 404  # no round yet
    assert client.get(base + f"builds/{build.pk}/download.pdf").status_code == 404

    client.force_login(secretariat)
    closes = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(base + "round/open/", {"build": build.pk, "closes_at": closes})
    assert response.status_code == 302

    client.force_login(outsider)
    assert client.get(base + "draft/").status_code == 404
    assert client.post(base + f"draft/{pid}/", {"text": "x"}).status_code == 404

    client.force_login(person)
    draft = client.get(base + "draft/").content.decode()
    assert "Spectrum must be affordable" in draft and f"draft/{pid}/" in draft
    assert client.get(base + f"builds/{build.pk}/download.pdf").status_code == 200
    response = client.post(base + f"draft/{pid}/", {"text": "Say <b>why</b>, please."})
    assert response.status_code == 302
    comment = ParagraphComment.objects.get()
    assert (comment.paragraph_id, comment.paragraph_text, comment.author) == (
        pid,
        "Spectrum must be affordable",
        person,
    )
    assert client.post(base + "draft/p-nope/", {"text": "x"}).status_code == 404

    client.force_login(secretariat)
    moderation = client.get(base + "comments/").content.decode()
    assert "Say &lt;b&gt;why&lt;/b&gt;, please." in moderation
    client.post(base + "comments/", {"comment": comment.pk, "action": "answer", "answer": "Done."})
    client.post(base + "comments/", {"comment": comment.pk, "action": "resolve"})
    comment.refresh_from_db()
    assert comment.answer == "Done." and comment.resolved_by == secretariat
    assert client.post(base + "round/close/").status_code == 302

    client.force_login(person)
    response = client.post(base + f"draft/{pid}/", {"text": "Too late"})
    assert response.status_code == 400 and "closed" in response.content.decode()
    assert ParagraphComment.objects.count() == 1
    mine = client.get(base + f"draft/{pid}/").content.decode()
    assert "Done." in mine  # the participant reads the answer

    client.force_login(secretariat)
    client.post(base + f"builds/{build.pk}/publish/")
    build.refresh_from_db()
    assert build.is_published
    client.logout()  # the published final is public
    assert client.get(base + f"builds/{build.pk}/download.docx").status_code == 200
    assert (
        f"builds/{build.pk}/download.pdf" in client.get(f"/forums/{forum.slug}/").content.decode()
    )


def test_a_round_needs_a_done_version_and_a_future_close(forum):
    secretariat = secretariat_of(forum)
    build = built(forum, Compilation.Kind.MESSAGES, by=secretariat)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        round_open(build=build, by=secretariat, closes_at=timezone.now() - dt.timedelta(hours=1))
    round_open(build=build, by=secretariat, closes_at=timezone.now() + dt.timedelta(hours=1))
    with pytest.raises(ValidationError):  # one round at a time
        round_open(build=build, by=secretariat, closes_at=timezone.now() + dt.timedelta(hours=2))
