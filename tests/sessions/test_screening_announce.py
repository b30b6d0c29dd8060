"""Screening results are announced deliberately, once: screening tells nobody; the announcement
mails the result as it stands then, once per proposal; a later change needs a new announcement,
which mails only the proposals whose result changed."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forum.models import ForumRole, QueuedMail
from sessions.models import Proposal
from sessions.services.proposals import proposal_submit
from sessions.services.screening import proposal_screen, proposals_screen_many
from sessions.services.screening_announce import screening_announce, screening_unannounced
from tests.factories import UserFactory, grant
from tests.sessions.proposal_data import DURING_CALL, Setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    s = Setup(
        max_proposals_per_person=None,
        max_proposals_per_institution=None,
        max_sessions_per_speaker=None,
    )
    s.secretariat = UserFactory(name="Secretariat")
    grant(s.secretariat, s.forum, ForumRole.Role.SECRETARIAT)
    return s


def add(setup, title: str) -> Proposal:
    return proposal_submit(
        forum=setup.forum, by=setup.organizer, data=setup.data(title=title), now=DURING_CALL
    )


def screen(setup, proposal, eligibility, reason=""):
    return proposal_screen(
        proposal=proposal, by=setup.secretariat, eligibility=eligibility, reason=reason
    )


def screening_mails() -> list[tuple[str, str]]:
    return list(
        QueuedMail.objects.filter(subject__startswith="Screening result")
        .order_by("pk")
        .values_list("subject", "body")
    )


def test_flipping_before_the_announcement_mails_once_with_the_final_result(setup):
    one, two = add(setup, "One"), add(setup, "Two")
    QueuedMail.objects.all().delete()  # the receipts and invitations of the submissions
    screen(setup, one, "ineligible", "Too few speakers")
    screen(setup, one, "eligible")
    proposals_screen_many(
        forum=setup.forum, by=setup.secretariat, proposal_ids=[two.pk], eligibility="eligible"
    )
    assert QueuedMail.objects.count() == 0  # screening tells nobody
    assert list(screening_unannounced(setup.forum)) == [one, two]
    assert screening_announce(forum=setup.forum, by=setup.secretariat) == 2
    mails = screening_mails()
    assert [subject for subject, _body in mails] == [
        "Screening result for your proposal: One",
        "Screening result for your proposal: Two",
    ]
    assert all("it is eligible and goes on to the review" in body for _s, body in mails)
    assert all("Too few speakers" not in body for _s, body in mails)
    one.refresh_from_db()
    assert (one.eligibility_announced, one.eligibility_announced_at is not None) == (
        "eligible",
        True,
    )
    # Announcing again sends nothing: there is nothing new to tell.
    with pytest.raises(ValidationError, match="There is no screening result to announce."):
        screening_announce(forum=setup.forum, by=setup.secretariat)
    assert len(screening_mails()) == 2


def test_a_change_after_the_announcement_waits_for_a_new_one_and_mails_only_it(setup):
    one, two = add(setup, "One"), add(setup, "Two")
    QueuedMail.objects.all().delete()
    screen(setup, one, "eligible")
    screen(setup, two, "eligible")
    screening_announce(forum=setup.forum, by=setup.secretariat)
    # Flipped and flipped back: the organizers were told "eligible", which still holds.
    screen(setup, two, "ineligible", "No report of the previous session")
    screen(setup, two, "eligible")
    assert list(screening_unannounced(setup.forum)) == []
    screen(setup, one, "ineligible", "Only one stakeholder group among the speakers")
    assert QueuedMail.objects.count() == 2
    assert screening_announce(forum=setup.forum, by=setup.secretariat) == 1
    mails = screening_mails()
    assert len(mails) == 3
    subject, body = mails[-1]
    assert subject == "Screening result for your proposal: One"
    assert "it is not eligible" in body
    assert "Only one stakeholder group among the speakers" in body
    assert "This replaces the result announced earlier." in body


def test_only_the_secretariat_announces(setup):
    proposal = add(setup, "One")
    screen(setup, proposal, "eligible")
    with pytest.raises(PermissionDenied):
        screening_announce(forum=setup.forum, by=setup.organizer)
    proposal.refresh_from_db()
    assert proposal.eligibility_announced == "pending"


def test_the_pages_announce_what_they_listed_and_organizers_see_only_what_was_announced(
    client, setup
):
    one, two = add(setup, "One"), add(setup, "Two")
    QueuedMail.objects.all().delete()
    client.force_login(setup.secretariat)
    slug = setup.forum.slug
    client.post(
        reverse("screening_proposal", kwargs={"slug": slug, "pk": one.pk}),
        {"eligibility": "ineligible", "reason": "Too few speakers"},
    )
    listing = client.get(reverse("screening_list", kwargs={"slug": slug})).content.decode()
    assert "1 screening result not announced to its organizers yet." in listing
    client.force_login(setup.organizer)
    mine = client.get(reverse("proposal_mine", kwargs={"slug": slug})).content.decode()
    assert "Too few speakers" not in mine
    assert "Not screened yet" in mine

    client.force_login(setup.secretariat)
    page = client.get(reverse("screening_announce", kwargs={"slug": slug}))
    assert [p.pk for p in page.context["proposals"]] == [one.pk]
    # Screened while the page was open: not announced by this post, which names only "One".
    screen(setup, two, "eligible")
    response = client.post(
        reverse("screening_announce", kwargs={"slug": slug}), {"proposal": [one.pk]}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "1 screening result announced: its organizers are being mailed."
    ]
    assert [s for s, _b in screening_mails()] == ["Screening result for your proposal: One"]
    assert list(screening_unannounced(setup.forum)) == [two]

    client.force_login(setup.organizer)
    mine = client.get(reverse("proposal_mine", kwargs={"slug": slug})).content.decode()
    assert "Too few speakers" in mine
    detail = client.get(reverse("proposal_detail", kwargs={"slug": slug, "pk": two.pk}))
    assert '<dd data-testid="eligibility">Not screened yet</dd>' in detail.content.decode()
