"""Decisions (single and bulk, with history), sessions for accepted proposals, notifications
through the outbox, and the organizers' answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from forum.models import QueuedMail
from sessions.models import Decision, NotificationTemplate, ProposalOrganizer, Session
from sessions.services import decision_notices
from sessions.services import decisions as decision_services
from tests.factories import UserFactory
from tests.sessions.factories import SessionTypeFactory
from tests.sessions.review_helpers import (
    NOW,
    assign,
    make_forum,
    make_mag,
    make_proposals,
    make_secretariat,
    submit,
)

pytestmark = pytest.mark.django_db
LATER = NOW + dt.timedelta(days=3)


@pytest.fixture
def ctx():
    forum = make_forum(name="IGF 2031")
    secretariat = make_secretariat(forum, name="Sec Retariat")
    mag = make_mag(forum, 2)
    proposals = make_proposals(forum, 3)
    # Reviewed, as a decision expects (deciding unreviewed proposals: test_decisions_unreviewed).
    [fixture_reviewer] = make_mag(forum, 1, prefix="fixture")
    for proposal in proposals:
        assign(proposal, fixture_reviewer)
        submit(proposal, fixture_reviewer, 4)
    return forum, secretariat, mag, proposals


def test_every_decision_is_kept_with_who_when_and_why(ctx):
    forum, secretariat, _mag, (p, *_rest) = ctx
    first = decision_services.decision_record(
        proposal=p, outcome="accept", by=secretariat, reason="Top ranked", now=NOW
    )
    assert Session.objects.filter(proposal=p).count() == 1
    second = decision_services.decision_record(
        proposal=p, outcome="reject", by=secretariat, reason="Programme full", now=LATER
    )
    assert Session.objects.filter(proposal=p).count() == 0
    first.refresh_from_db()
    assert (first.is_current, second.is_current) == (False, True)
    assert list(
        Decision.objects.filter(proposal=p)
        .order_by("decided_at")
        .values_list("outcome", "decided_by__name", "decided_at", "reason")
    ) == [
        ("accept", "Sec Retariat", NOW, "Top ranked"),
        ("reject", "Sec Retariat", LATER, "Programme full"),
    ]


def test_decisions_validate_their_details(ctx):
    forum, secretariat, mag, (p, q, _r) = ctx
    cases = [
        ({"outcome": "accept", "reason": ""}, {"reason"}),
        ({"outcome": "accept_conditions", "reason": "ok"}, {"conditions"}),
        ({"outcome": "merge", "reason": "ok"}, {"merge_with"}),
        ({"outcome": "merge", "reason": "ok", "merge_with": p}, {"merge_with"}),
        ({"outcome": "other_format", "reason": "ok"}, {"offered_session_type"}),
        ({"outcome": "maybe", "reason": "ok"}, {"outcome"}),
    ]
    for kwargs, fields in cases:
        with pytest.raises(ValidationError) as error:
            decision_services.decision_record(proposal=p, by=secretariat, **kwargs)
        assert set(error.value.message_dict) == fields
    with pytest.raises(PermissionDenied):
        decision_services.decision_record(proposal=p, outcome="accept", by=mag[0], reason="x")
    assert Decision.objects.count() == 0
    merge = decision_services.decision_record(
        proposal=p, outcome="merge", by=secretariat, reason="Twins", merge_with=q
    )
    assert merge.merge_with == q
    lightning = SessionTypeFactory(forum=forum, code="lightning", name="Lightning talk")
    other = decision_services.decision_record(
        proposal=q,
        outcome="other_format",
        by=secretariat,
        reason="Better short",
        offered_session_type=lightning,
    )
    assert other.offered_session_type == lightning


def test_bulk_decisions_are_all_or_nothing(ctx):
    forum, secretariat, _mag, proposals = ctx
    decisions = decision_services.decisions_bulk(
        proposals=proposals[:2], outcome="accept", by=secretariat, reason="Above the line"
    )
    assert [d.outcome for d in decisions] == ["accept", "accept"]
    assert Session.objects.filter(forum=forum).count() == 2
    proposals[2].status = "withdrawn"
    proposals[2].save()
    with pytest.raises(ValidationError):
        decision_services.decisions_bulk(
            proposals=proposals, outcome="reject", by=secretariat, reason="Below the line"
        )
    assert Decision.objects.filter(outcome="reject").count() == 0
    assert Session.objects.filter(forum=forum).count() == 2


def test_a_conflicted_secretariat_member_cannot_decide(ctx):
    forum, secretariat, _mag, (p, *_rest) = ctx
    ProposalOrganizer.objects.create(proposal=p, user=secretariat, name="S", email="")
    from sessions.models import ReviewConflict

    ReviewConflict.objects.create(proposal=p, reviewer=secretariat, source="organizer")
    with pytest.raises(PermissionDenied):
        decision_services.decision_record(
            proposal=p, outcome="accept", by=secretariat, reason="mine"
        )


def test_notifications_render_placeholders_and_go_through_the_outbox(ctx):
    forum, secretariat, mag, (p, q, r) = ctx
    ProposalOrganizer.objects.create(
        proposal=p, name="Co Organizer", email="co@example.org", organisation="X"
    )
    for reviewer, comment in zip(
        mag, ["Clear questions.", "Add a <b>youth</b> speaker."], strict=True
    ):
        assign(p, reviewer)
        submit(p, reviewer, 5, comment=comment, note="MAG-only note")
    decision_services.decision_record(
        proposal=p,
        outcome="accept_conditions",
        by=secretariat,
        reason="Good",
        conditions="Add a speaker from Africa.",
        comment_to_organizers="Congratulations.",
        now=NOW,
    )
    decision_services.decision_record(
        proposal=q, outcome="reject", by=secretariat, reason="Weak", now=NOW
    )
    template = NotificationTemplate.objects.get(forum=forum, outcome="accept_conditions")
    decision_notices.template_update(
        forum=forum,
        outcome="accept_conditions",
        subject="{forum}: “{title}” – {decision}",
        body="Dear {organizer_name},\n{conditions}\n{message}\n{comments}\n{link}",
        by=secretariat,
    )
    sent = decision_notices.notifications_send(forum=forum, by=secretariat, now=LATER)
    assert sent == 3  # two organizers of p, one of q; r has no decision
    mails = list(QueuedMail.objects.filter(forum=forum).order_by("to"))
    assert [m.to for m in mails] == sorted(
        ["co@example.org", p.created_by.email, q.created_by.email]
    )
    co = next(m for m in mails if m.to == "co@example.org")
    assert co.subject == f"IGF 2031: “{p.title}” – Accept with conditions"
    assert co.body == (
        "Dear Co Organizer,\nAdd a speaker from Africa.\nCongratulations.\n"
        "- Clear questions.\n- Add a <b>youth</b> speaker.\n"
        f"{settings.SITE_URL}/forums/{forum.slug}/proposals/{p.pk}/outcome/"
    )
    assert "MAG-only note" not in co.body
    assert all(m.created_at == LATER for m in mails)
    for reviewer in mag:
        assert reviewer.name not in co.body
    assert set(Decision.objects.values_list("notified_at", flat=True)) == {LATER}
    # Nothing twice.
    assert decision_notices.notifications_send(forum=forum, by=secretariat) == 0
    assert (
        NotificationTemplate.objects.get(pk=template.pk).subject
        == "{forum}: “{title}” – {decision}"
    )


def test_unknown_placeholders_and_stray_braces_are_refused(ctx):
    forum, secretariat, _mag, _proposals = ctx
    with pytest.raises(ValidationError) as error:
        decision_notices.template_update(
            forum=forum, outcome="accept", subject="Hi {name}", body="ok", by=secretariat
        )
    assert error.value.message_dict["subject"] == [
        "Unknown placeholder(s): {name}. Known: {forum}, {title}, {organizer_name}, {decision}, "
        "{conditions}, {merge_with}, {offered_format}, {message}, {comments}, {link}."
    ]
    with pytest.raises(ValidationError) as error:
        decision_notices.template_update(
            forum=forum, outcome="accept", subject="ok", body="Hi {title", by=secretariat
        )
    assert list(error.value.message_dict) == ["body"]
    with pytest.raises(PermissionDenied):
        decision_notices.template_update(
            forum=forum, outcome="accept", subject="ok", body="ok", by=UserFactory()
        )


def test_organizers_answer_conditions_and_the_session_follows(ctx):
    forum, secretariat, _mag, (p, q, _r) = ctx
    decision = decision_services.decision_record(
        proposal=p,
        outcome="accept_conditions",
        by=secretariat,
        reason="Good",
        conditions="Gender balance",
    )
    organizer = p.created_by
    with pytest.raises(ValidationError, match="no longer the current"):
        decision_services.decision_respond(decision=decision, user=organizer, accept=True)
    decision_notices.notifications_send(forum=forum, by=secretariat)
    decision.refresh_from_db()
    with pytest.raises(PermissionDenied):
        decision_services.decision_respond(decision=decision, user=q.created_by, accept=True)
    assert Session.objects.filter(proposal=p).count() == 0
    decision_services.decision_respond(decision=decision, user=organizer, accept=True, now=LATER)
    decision.refresh_from_db()
    assert (decision.organizer_response, decision.organizer_responded_at) == ("accepted", LATER)
    assert Session.objects.filter(proposal=p).count() == 1
    with pytest.raises(ValidationError, match="answered already"):
        decision_services.decision_respond(decision=decision, user=organizer, accept=False)


def test_a_scheduled_session_blocks_a_change_of_mind(ctx):
    forum, secretariat, _mag, (p, *_rest) = ctx
    decision_services.decision_record(proposal=p, outcome="accept", by=secretariat, reason="ok")
    Session.objects.filter(proposal=p).update(starts_at=NOW)
    with pytest.raises(ValidationError, match="already scheduled"):
        decision_services.decision_record(proposal=p, outcome="reject", by=secretariat, reason="x")
    assert Decision.objects.get(is_current=True).outcome == "accept"
    assert Session.objects.filter(proposal=p).count() == 1


def test_accepting_another_format_creates_a_session_of_that_format(ctx):
    forum, secretariat, _mag, (p, *_rest) = ctx
    lightning = SessionTypeFactory(
        forum=forum, code="lightning", name="Lightning talk", allowed_durations=[20]
    )
    decision = decision_services.decision_record(
        proposal=p,
        outcome="other_format",
        by=secretariat,
        reason="Short is better",
        offered_session_type=lightning,
    )
    assert Session.objects.filter(proposal=p).count() == 0
    decision_notices.notifications_send(forum=forum, by=secretariat)
    decision.refresh_from_db()
    decision_services.decision_respond(decision=decision, user=p.created_by, accept=True)
    session = Session.objects.get(proposal=p)
    assert (session.session_type, session.duration) == (lightning, 20)


def test_declining_leaves_no_session(ctx):
    forum, secretariat, _mag, (p, *_rest) = ctx
    decision = decision_services.decision_record(
        proposal=p, outcome="accept_conditions", by=secretariat, reason="ok", conditions="c"
    )
    decision_notices.notifications_send(forum=forum, by=secretariat)
    decision.refresh_from_db()
    decision_services.decision_respond(decision=decision, user=p.created_by, accept=False)
    decision.refresh_from_db()
    assert decision.organizer_response == "declined"
    assert Session.objects.filter(proposal=p).count() == 0


def test_the_same_decision_twice_is_recorded_once(ctx):
    _forum, secretariat, _mag, (p, *_rest) = ctx
    first = decision_services.decision_record(
        proposal=p, outcome="accept", by=secretariat, reason="Top", now=NOW
    )
    again = decision_services.decision_record(
        proposal=p, outcome="accept", by=secretariat, reason=" Top ", now=LATER
    )
    assert again.pk == first.pk
    assert Decision.objects.filter(proposal=p).count() == 1
    assert Session.objects.filter(proposal=p).count() == 1
