"""Demo reports: the sessions of the demo forums that have ended by the demo's moment carry their
short and full reports, in a mix of every state (not started, drafted, submitted, returned with
the secretariat's comments, approved and published, and overdue once a deadline has passed).

Due dates come from the app's one rule (``reports.services.deadlines.due_at_for``). The rows are
made with ``bulk_create`` (the IGF size has hundreds of sessions), their platform facts gathered
by the prefill's own sources. A session that has not ended keeps the two blank reports that
publishing the programme gave it.

The real GovStack session (shared/seeds/003_*), which the programme step pins in the first
morning, carries its real post-session report, approved; WSIS Forum session 537 (004_*) has no
post-session report in its record, so the demo writes none for it.
"""

from __future__ import annotations

import datetime as dt
import random

from forum.demo import DemoContext
from reports.models import SessionReport
from reports.services.deadlines import due_at_for, report_settings_for
from reports.services.prefill import SOURCES
from sessions.demo import seed_records as records
from sessions.models import Session
from sessions.selectors.public_programme import published_exists, published_placed

S = SessionReport.Status

#: The states a short report goes through, session after session (ended first, first): most are
#: approved; "started" is a draft with text, "draft" one nobody has opened yet.
SHORT_STATES = ["approved", "returned", "submitted", "approved", "draft", "approved", "started"]
#: The full report of a session whose short report is approved (others are not started yet).
FULL_STATES = ["submitted", "started", "approved", "returned", "draft"]
STATUS = {
    "draft": S.DRAFT,
    "started": S.DRAFT,
    "submitted": S.SUBMITTED,
    "returned": S.RETURNED,
    "approved": S.APPROVED,
}

ACTORS = [
    "Participants",
    "Speakers from governments and civil society",
    "The panel",
    "Stakeholders from all regions",
    "Youth participants",
    "Speakers from the technical community",
]
AGREED = [
    "agreed that {topic} cannot be left to any one stakeholder group",
    "stressed that {topic} depends on trust built across borders and sectors",
    "noted that progress on {topic} is uneven between and within regions",
    "highlighted that local communities must shape {topic} from the start",
    "agreed that {topic} needs evidence, not only good intentions",
    "observed that capacity gaps, more than technology, hold back {topic}",
]
ADDRESSEES = [
    "Governments",
    "The private sector",
    "The IGF community",
    "Intergovernmental organisations",
    "Civil society and the technical community",
    "National and regional IGF initiatives",
]
ACTIONS = [
    "should put {topic} on their national digital agendas, with clear and public targets",
    "should fund capacity development on {topic} in the Global South, not only in capitals",
    "should share data and good practices on {topic} openly, in more than one language",
    "should include young people and women in every decision on {topic}",
    "should report back on {topic} at the next IGF, with measurable commitments",
    "should work through multistakeholder partnerships on {topic} rather than alone",
]
RETURN_COMMENTS = {
    SessionReport.Kind.SHORT: [
        "Please phrase each key takeaway as a full sentence, and say who each call to action is "
        "addressed to.",
        "The calls to action repeat the takeaways: please make them concrete next steps.",
    ],
    SessionReport.Kind.FULL: [
        "The summary of the discussion is too short: please add what was debated and by whom.",
        "Please give the number of women among the participants onsite.",
    ],
}
SUMMARIES = [
    "The session opened with short presentations on {topic}, from speakers of {groups} "
    "stakeholder groups, onsite and online.",
    "The moderator framed {topic} with the forum's theme, and the speakers shared experience "
    "from their countries and organisations.",
]
DISCUSSIONS = [
    "Participants asked how {topic} could be measured, and how smaller countries could take "
    "part in the standards and processes that shape it.",
    "The discussion turned to funding and skills: several participants, including from the "
    "remote hubs, said that {topic} fails without local capacity.",
    "Questions from online participants focused on rights and accountability in {topic}.",
]
WAYS_FORWARD = [
    "The organizers will publish the session's materials and continue the discussion in an "
    "intersessional group before the next IGF.",
    "Speakers offered to share their frameworks with the national and regional IGF initiatives.",
    "The session will feed its messages into the forum's outputs and follow them up next year.",
]
GENDER_NOTES = [
    "Speakers noted the gender gap in access and skills and asked for data broken down by gender.",
    "The panel was gender balanced, and the discussion addressed online violence against women.",
]


def seed(ctx: DemoContext) -> None:
    secretariat = ctx.accounts["secretariat@demo.example"]
    forums = [f for f in (ctx.igf, ctx.wsis, ctx.igf_next) if f is not None]
    counts: dict[str, int] = {}
    for forum in forums:
        ended = list(
            published_placed(Session.objects.filter(forum=forum, is_cancelled=False))
            .filter(published_exists(), ends_at__lte=ctx.now)
            .select_related("forum", "proposal", "room", "theme", "session_type")
            .prefetch_related("proposal__sdgs")
            .order_by("ends_at", "pk")
        )
        if not ended:
            continue
        settings = report_settings_for(forum=forum)
        reports, sdgs, generated, approved = [], [], 0, 0
        for session in ended:
            facts = {key: value for key, source in SOURCES.items() if (value := source(session))}
            author = (session.proposal.created_by if session.proposal else None) or secretariat
            if session.title == records.GOVSTACK_TITLE and session.proposal_id:
                pair = _govstack(session, facts, settings, author, secretariat, ctx.now)
            else:
                short_state = SHORT_STATES[generated % len(SHORT_STATES)]
                full_state = "draft"
                if short_state == "approved":
                    full_state = FULL_STATES[approved % len(FULL_STATES)]
                    approved += 1
                generated += 1
                pair = _generated(
                    ctx, session, facts, settings, author, secretariat, short_state, full_state
                )
            reports.extend(pair)
            if session.proposal:
                sdgs.extend((pair[1], sdg) for sdg in session.proposal.sdgs.all())
        # Publishing the programme gave every scheduled session its two blank reports; those
        # of the ended sessions are replaced by the written ones.
        SessionReport.objects.filter(session__in=ended).delete()
        SessionReport.objects.bulk_create(reports)
        SessionReport.sdgs.through.objects.bulk_create(
            SessionReport.sdgs.through(sessionreport_id=report.pk, sdg_id=sdg.pk)
            for report, sdg in sdgs
            if report.status != S.DRAFT or report.presentations_summary
        )
        for report in reports:
            state = "overdue" if report.is_overdue(ctx.now) else report.status
            counts[state] = counts.get(state, 0) + 1
        ctx.log(f"Reports ({forum.name}): {len(reports)} for the {len(ended)} sessions ended.")
    states = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
    ctx.log(f"Reports: {states or 'none, no session has ended yet'}.")


def _topic(session: Session) -> str:
    """What the session was about, to write its points: its title, or for the forum's own
    sessions without a proposal (the ceremonies) the forum's theme."""
    title = session.title.removeprefix("Main session: ")
    if session.proposal_id is None and title == session.title:
        title = session.forum.theme or session.title
    return title[:1].lower() + title[1:] if not title[:2].isupper() else title


def _points(rng: random.Random, subjects, verbs, topic: str, n: int) -> list[str]:
    return [
        f"{subject} {verb.format(topic=topic)}."
        for subject, verb in zip(rng.sample(subjects, n), rng.sample(verbs, n), strict=True)
    ]


def _times(session: Session, now: dt.datetime, *shares: float) -> list[dt.datetime]:
    """Moments between the session's end and the demo's moment, at ``shares`` of the way."""
    span = max(now - session.ends_at, dt.timedelta(minutes=1))
    return [min(now, session.ends_at + span * share) for share in shares]


def _base(session, kind, settings, facts) -> SessionReport:
    due = due_at_for(session=session, kind=kind, settings=settings)
    return SessionReport(
        session=session,
        kind=kind,
        due_at=due,
        platform_facts=facts,
        prefill_status=SessionReport.PrefillStatus.DONE,
        prefilled_at=session.ends_at,
        created_at=session.ends_at,
        updated_at=session.ends_at,
    )


def _apply_state(report, state, session, author, secretariat, now, rng, *, early: float) -> None:
    """Put ``report`` in ``state`` with the people and moments a real one would carry."""
    report.status = STATUS[state]
    if state == "draft":
        report.revision = 1  # the prefill's save
        return
    written, submitted, reviewed = _times(session, now, early, early + 0.2, early + 0.4)
    report.updated_at, report.updated_by = written, author
    report.revision = 2
    if state == "started":
        return
    report.submitted_at, report.submitted_by = submitted, author
    report.updated_at = submitted
    report.revision = 3
    if state == "submitted":
        return
    report.reviewed_at, report.reviewed_by = reviewed, secretariat
    report.revision = 4
    if state == "returned":
        report.review_comment = rng.choice(RETURN_COMMENTS[report.kind])
    else:
        report.published_at = reviewed


def _participation(report, session, facts, rng) -> None:
    """The figures a rapporteur gives: online and at hubs as the platform counted them for the
    session, onsite from the audience (the badge desk sees the day, and few demo participants
    keep a schedule)."""
    audience = session.expected_audience or 40
    presence, hubs = facts.get("presence"), facts.get("hubs")
    onsite = rng.randint(audience // 3, audience) if audience > 2 else audience
    report.participants_onsite = onsite
    report.participants_online = presence["online"] if presence else rng.randint(5, 60)
    report.participants_hubs = hubs["total"] if hubs else rng.randint(0, 25)
    report.participants_women = round(onsite * rng.uniform(0.35, 0.55))
    report.gender_discussed = rng.random() < 0.6
    report.gender_notes = rng.choice(GENDER_NOTES) if report.gender_discussed else ""


def _generated(ctx, session, facts, settings, author, secretariat, short_state, full_state):
    rng, now, topic = ctx.rng, ctx.now, _topic(session)
    short = _base(session, SessionReport.Kind.SHORT, settings, facts)
    full = _base(session, SessionReport.Kind.FULL, settings, facts)
    if short_state != "draft":
        short.key_takeaways = _points(rng, ACTORS, AGREED, topic, rng.randint(2, 3))
        short.calls_to_action = _points(rng, ADDRESSEES, ACTIONS, topic, rng.randint(1, 3))
    _apply_state(short, short_state, session, author, secretariat, now, rng, early=0.1)
    if full_state != "draft":
        # The full report carries the short one's points, and the narrative and participation.
        full.key_takeaways, full.calls_to_action = short.key_takeaways, short.calls_to_action
        groups = rng.choice(["three", "four", "five"])
        full.presentations_summary = rng.choice(SUMMARIES).format(topic=topic, groups=groups)
        full.discussion = rng.choice(DISCUSSIONS).format(topic=topic)
        full.way_forward = rng.choice(WAYS_FORWARD)
        _participation(full, session, facts, rng)
    _apply_state(full, full_state, session, author, secretariat, now, rng, early=0.4)
    return short, full


def _govstack(session, facts, settings, author, secretariat, now):
    """The real session's real report, approved: its takeaways and calls to action as the record
    gives them, its narrative in the full report. The record gives no participation figures."""
    reports = []
    for kind, early in ((SessionReport.Kind.SHORT, 0.1), (SessionReport.Kind.FULL, 0.4)):
        report = _base(session, kind, settings, facts)
        report.key_takeaways = list(records.GOVSTACK_KEY_TAKEAWAYS)
        report.calls_to_action = list(records.GOVSTACK_CALLS_TO_ACTION)
        if kind == SessionReport.Kind.FULL:
            report.presentations_summary = records.GOVSTACK_REPORT_PRESENTATIONS
            report.discussion = records.GOVSTACK_REPORT_DISCUSSION
            report.way_forward = records.GOVSTACK_REPORT_WAY_FORWARD
        _apply_state(report, "approved", session, author, secretariat, now, None, early=early)
        reports.append(report)
    return reports
