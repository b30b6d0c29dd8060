"""Demo step: the MAG reviews and selects, through the review and decision services, at times
inside each forum's review phase (which the core step placed relative to the demo's day).

In the IGF, whose review is over, every eligible proposal is assigned by the solver, reviewed
completely (each reviewer with their own harshness, which the normalised score removes), decided,
and its organizers notified through the outbox; GovStack, a real record, is accepted. The WSIS
Forum is in review now: its proposals are assigned, each MAG member has submitted about half of
their reviews before the demo's day and has the rest to do, and nothing is decided yet.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F

from forum import services as forum_services
from forum.models import ForumPhase, ForumRole, QueuedMail, User
from sessions.demo import seed_records as records
from sessions.models import Outcome, ReviewAssignment, SessionType
from sessions.selectors.results import results_for
from sessions.selectors.selection import merge_candidates
from sessions.services import decision_notices
from sessions.services import decisions as decision_services
from sessions.services import review as review_services
from sessions.services.review import ScoreInput

COMMENTS_HIGH = [
    "Clear, focused policy questions and a well-balanced set of speakers.",
    "A strong proposal: the interaction plan gives online participants a real voice.",
    "Very relevant to the sub-theme; consider adding a speaker from a small island state.",
]
COMMENTS_LOW = [
    "The policy questions are broad; narrowing them would help the discussion.",
    "Most speakers come from one stakeholder group; more diversity would strengthen it.",
    "The format looks like a series of presentations; plan more time for the floor.",
]
NOTES = [
    "Similar to other proposals in this theme.",
    "Organizer held a good session last year.",
    "Check the confirmations of the speakers before the decision.",
]
REAL_TITLES = (records.GOVSTACK_TITLE, records.WSIS537_TITLE)


def _at(day: dt.date, hour: int = 9, minutes: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC) + dt.timedelta(
        minutes=minutes
    )


def seed(ctx) -> None:
    secretariat = User.objects.get(email="secretariat@demo.example")
    igf_mag = list(
        User.objects.filter(
            forum_roles__forum=ctx.igf, forum_roles__role=ForumRole.Role.MAG_MEMBER
        ).order_by("pk")
    )
    # The WSIS Forum's programme committee: a third of the MAG, at least four.
    wsis_mag = igf_mag[: max(4, len(igf_mag) // 3)]
    for user in wsis_mag:
        forum_services.role_grant(forum=ctx.wsis, user=user, role=ForumRole.Role.MAG_MEMBER)
    _seed_forum(ctx, ctx.igf, secretariat, ctx.size.accepted_sessions)
    _seed_forum(ctx, ctx.wsis, secretariat, None, until=ctx.at(-1, 18))


def demo_slots(eligible: int, target: int | None) -> int:
    """The IGF aims at the size's number of sessions, the WSIS Forum at three in five; a tenth of
    the eligible proposals (at least one) always stays below the line, so that the board shows a
    real selection."""
    room = eligible - max(1, eligible // 10)
    return max(0, min(room, target if target is not None else (eligible * 3) // 5))


def _seed_forum(ctx, forum, secretariat, slots: int | None, until=None) -> None:
    """Review the forum's eligible proposals; with ``until``, the review is under way: each MAG
    member submits the first half of their reviews before that moment, and nothing is decided."""
    rng = ctx.rng
    phase = forum.phases.get(kind=ForumPhase.Kind.REVIEW)
    start, end = _at(phase.starts_on), _at(phase.ends_on, 18)
    config = review_services.review_setup_defaults(forum=forum)
    eligible = list(review_services.eligible_proposals(forum).order_by("pk"))
    if not eligible:
        ctx.log(f"Review ({forum.name}): no eligible proposals.")
        return
    config.opens_at, config.closes_at = start, end
    config.slots = demo_slots(len(eligible), slots)
    config.save()

    outcome = review_services.assignment_run(forum=forum, by=secretariat, now=start)

    # A few MAG members declare a conflict the automatic check could not know about.
    pairs = list(ReviewAssignment.objects.filter(proposal__forum=forum).order_by("pk"))
    real_ids = {p.pk for p in eligible if p.title in REAL_TITLES}
    for assignment in rng.sample(pairs, min(3, len(pairs) // 20)):
        if assignment.proposal_id in real_ids:
            continue
        review_services.conflict_declare(
            proposal=assignment.proposal,
            reviewer=assignment.reviewer,
            reason="I advised one of the organizers on this proposal.",
            now=start + dt.timedelta(days=2),
        )

    # Each proposal has a quality, each reviewer a bias: harsh reviewers score lower throughout.
    quality = {p.pk: (4.8 if p.pk in real_ids else rng.gauss(3.1, 0.8)) for p in eligible}
    reviewers = sorted(
        {a.reviewer_id for a in ReviewAssignment.objects.filter(proposal__forum=forum)}
    )
    bias = {r: rng.uniform(-0.9, 0.9) for r in reviewers}
    criteria = list(forum.review_criteria.all())
    reasons = list(forum.low_score_reasons.all())
    # Reviews come in from the fourth day on, until five days before the end (or ``until``).
    last = until - dt.timedelta(days=3) if until is not None else end - dt.timedelta(days=8)
    span = max(1, int((last - start).total_seconds() // 60))
    by_id = {p.pk: p for p in eligible}
    reviewer_of = {u.pk: u for u in User.objects.filter(pk__in=reviewers)}
    assignments = list(ReviewAssignment.objects.filter(proposal__forum=forum).order_by("pk"))
    if until is not None:
        assignments = _first_half_of_each(assignments)
    for assignment in assignments:
        proposal = by_id[assignment.proposal_id]
        reviewer = reviewer_of[assignment.reviewer_id]
        scores = {}
        for criterion in criteria:
            raw = quality[proposal.pk] + bias[reviewer.pk] + rng.gauss(0, 0.5)
            value = max(criterion.min_score, min(criterion.max_score, round(raw)))
            if value <= config.reason_required_at_or_below:
                reason = rng.choice(reasons)
                scores[criterion.pk] = ScoreInput(
                    value=value, reason_id=reason.pk, reason_text=f"{reason.text}."
                )
            else:
                scores[criterion.pk] = ScoreInput(value=value)
        good = quality[proposal.pk] >= 3.2
        review_services.review_save(
            proposal=proposal,
            reviewer=reviewer,
            scores=scores,
            comment_to_organizers=rng.choice(COMMENTS_HIGH if good else COMMENTS_LOW),
            note_for_mag=rng.choice(NOTES) if rng.random() < 0.3 else "",
            submit=True,
            now=start + dt.timedelta(days=3, minutes=rng.randrange(span)),
        )

    if until is not None:
        ctx.log(
            f"Review ({forum.name}), under way: {len(eligible)} eligible proposals, "
            f"{len(pairs)} assignments to {len(reviewers)} MAG members, {len(assignments)} "
            f"reviews submitted, {len(pairs) - len(assignments)} to do."
        )
        return
    decided_at = end - dt.timedelta(days=1)
    _decide(forum, secretariat, config.slots, real_ids, decided_at)
    notified_at = end
    queued = decision_notices.notifications_send(forum=forum, by=secretariat, now=notified_at)
    # In embedded mode the outbox sends on commit; the demo's mails are dated like the rest of it.
    mail_ids = list(
        QueuedMail.objects.filter(forum=forum, created_at=notified_at).values_list("pk", flat=True)
    )
    transaction.on_commit(
        lambda: QueuedMail.objects.filter(pk__in=mail_ids, status=QueuedMail.Status.SENT).update(
            sent_at=F("created_at")
        )
    )
    accepted = forum.sessions.count()
    ctx.log(
        f"Review ({forum.name}): {len(eligible)} eligible proposals, "
        f"{len(pairs)} assignments to {len(reviewers)} MAG members (load spread "
        f"{outcome.result.load_spread}, conflicts violated {outcome.result.conflicts_violated}), "
        f"{accepted} accepted, {queued} notifications queued."
    )


def _first_half_of_each(assignments: list[ReviewAssignment]) -> list[ReviewAssignment]:
    """Each reviewer's first half of their assignments (rounded down): the rest is still to do."""
    by_reviewer: dict[int, list[ReviewAssignment]] = {}
    for assignment in assignments:
        by_reviewer.setdefault(assignment.reviewer_id, []).append(assignment)
    done = {a.pk for mine in by_reviewer.values() for a in mine[: len(mine) // 2]}
    return [a for a in assignments if a.pk in done]


def _decide(forum, secretariat, slots: int, real_ids: set[int], now: dt.datetime) -> None:
    rows = results_for(forum=forum, viewer=secretariat)
    rows.sort(key=lambda r: (r.rank_normalised or 10**9, r.proposal.pk))
    ranked = [r.proposal for r in rows]
    real = [p for p in ranked if p.pk in real_ids]
    others = [p for p in ranked if p.pk not in real_ids]
    accept = real + others[: max(0, slots - len(real))]
    rest = others[max(0, slots - len(real)) :]
    decision_services.decisions_bulk(
        proposals=accept,
        outcome=Outcome.ACCEPT,
        by=secretariat,
        reason="Above the line on the normalised score; balanced make-up checked on the board.",
        comment_to_organizers="Congratulations, and thank you for your proposal.",
        now=now,
    )
    # Just below the line: a conditional acceptance, a merger and another format, then rejections.
    accepted_ids = {p.pk for p in accept}
    near = rest[: max(3, len(rest) // 10)]
    far = rest[len(near) :]
    lightning = SessionType.objects.filter(forum=forum).order_by("position", "pk")
    short_type = next((t for t in lightning if min(t.allowed_durations or [60]) <= 30), None)
    twins = {}
    for a, b, _score in merge_candidates(forum=forum, viewer=secretariat, threshold=0.2):
        if b.pk in accepted_ids and a.pk not in accepted_ids:
            twins.setdefault(a.pk, b)
        elif a.pk in accepted_ids and b.pk not in accepted_ids:
            twins.setdefault(b.pk, a)
    for index, proposal in enumerate(near):
        if proposal.pk in twins:
            decision_services.decision_record(
                proposal=proposal,
                outcome=Outcome.MERGE,
                by=secretariat,
                reason="Covers the same ground as an accepted proposal.",
                merge_with=twins[proposal.pk],
                comment_to_organizers="Please get in touch with the other organizers.",
                now=now,
            )
        elif index % 3 == 1 and short_type is not None:
            decision_services.decision_record(
                proposal=proposal,
                outcome=Outcome.OTHER_FORMAT,
                by=secretariat,
                reason="Good idea, better as a short format.",
                offered_session_type=short_type,
                now=now,
            )
        else:
            decision_services.decision_record(
                proposal=proposal,
                outcome=Outcome.ACCEPT_WITH_CONDITIONS if index % 3 == 0 else Outcome.REJECT,
                by=secretariat,
                reason="Just below the line.",
                conditions="Add a speaker from another stakeholder group and region."
                if index % 3 == 0
                else "",
                now=now,
            )
    if far:
        decision_services.decisions_bulk(
            proposals=far,
            outcome=Outcome.REJECT,
            by=secretariat,
            reason="Below the line on the normalised score.",
            comment_to_organizers="We encourage you to take part in the forum and propose again.",
            now=now,
        )
