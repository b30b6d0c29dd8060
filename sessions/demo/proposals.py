"""Demo step: the calls and session types of the demo forums, and their proposals, made through
the proposal services as of a moment inside each call (so they obey the same rules).

Each call's dates come from its forum's call phase, which the core step placed relative to the
demo's day: the IGF's and the WSIS Forum's calls are over, the next IGF's is open now, and its
proposals so far were made before the demo's day."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter

from forum.models import SDG, ForumPhase, StakeholderGroup, Theme, User, WSISActionLine
from sessions.demo import real_proposals
from sessions.demo import seed_records as records
from sessions.demo.proposal_types import (
    ANGLES,
    IGF_CALL,
    IGF_TYPES,
    INELIGIBLE_REASON,
    REAL_RECORD_REASONS,
    TOPICS,
    WSIS_CALL,
    WSIS_TYPES,
    F,
)
from sessions.models import Proposal, ProposalPerson, SessionType
from sessions.services.call_setup import call_configure, session_type_save
from sessions.services.proposals import (
    OrganizerInput,
    PersonInput,
    ProposalInput,
    proposal_person_answer,
    proposal_save_draft,
    proposal_submit,
    proposal_withdraw,
)
from sessions.services.screening import CRITERIA, proposal_screen
from sessions.services.screening_announce import screening_announce, screening_unannounced


class Tally:
    """Counts that keep the generated proposals inside the call's limits."""

    def __init__(self) -> None:
        self.organizer = Counter()
        self.institution = Counter()
        self.speaker = Counter()

    def ok_organizer(self, user: User) -> bool:
        return self.organizer[user.pk] < 3 and self.institution[user.organisation.lower()] < 3

    def ok_speaker(self, user: User) -> bool:
        return self.speaker[user.email] < 3

    def count(self, proposal_input: ProposalInput, organizer_users: list[User]) -> None:
        for user in organizer_users:
            self.organizer[user.pk] += 1
        for org in {o.organisation.lower() for o in proposal_input.organizers}:
            self.institution[org] += 1
        for person in proposal_input.people:
            if person.role == ProposalPerson.Role.SPEAKER and person.email:
                self.speaker[person.email] += 1


def _organizer(user: User) -> OrganizerInput:
    return OrganizerInput(
        name=user.name,
        email=user.email,
        organisation=user.organisation,
        stakeholder_group=user.stakeholder_group,
        country=str(user.country),
    )


def _person(user: User, role: str, rng) -> PersonInput:
    return PersonInput(
        role=role,
        name=user.name,
        email=user.email,
        organisation=user.organisation,
        stakeholder_group=user.stakeholder_group,
        country=str(user.country),
        gender=user.gender,
        participation=ProposalPerson.Participation.ONSITE
        if rng.random() < 0.85
        else ProposalPerson.Participation.ONLINE,
        confirmation=ProposalPerson.Confirmation.PROVISIONAL
        if rng.random() < 0.97
        else ProposalPerson.Confirmation.INVITED,
    )


def call_fields_for(forum, template: dict) -> dict:
    """The call's fields: the template's, with its dates taken from the forum's call phase."""
    phase = forum.phases.get(kind=ForumPhase.Kind.CALL_FOR_PROPOSALS)
    fields = {k: v for k, v in template.items() if k != "closes"}
    fields["opens_at"] = dt.datetime.combine(phase.starts_on, dt.time(8, 0), tzinfo=dt.UTC)
    fields["closes_at"] = dt.datetime.combine(phase.ends_on, template["closes"], tzinfo=dt.UTC)
    return fields


def _configure(forum, call_fields, specs) -> dict[str, SessionType]:
    call_configure(forum=forum, **call_fields)
    groups = {g.code: g for g in StakeholderGroup.objects.all()}
    closes = call_fields["closes_at"]
    return {
        spec.code: session_type_save(
            forum=forum,
            code=spec.code,
            name=spec.name,
            allowed_durations=spec.durations,
            allowed_formats=[str(f) for f in spec.formats],
            min_speakers=spec.min_speakers,
            max_speakers=spec.max_speakers,
            deadline=None
            if spec.deadline_days is None
            else closes + dt.timedelta(days=spec.deadline_days),
            position=index,
            allowed_stakeholder_groups=[groups[g] for g in spec.groups],
        )
        for index, spec in enumerate(specs)
    }


def _moment(rng, call_fields, session_type: SessionType, until=None) -> dt.datetime:
    """A moment inside the call window for this type (and before ``until``), on a whole minute."""
    start = call_fields["opens_at"]
    end = session_type.deadline or call_fields["closes_at"]
    if until is not None:
        end = min(end, until)
    minutes = int((end - start).total_seconds() // 60) - 60
    return start + dt.timedelta(minutes=rng.randrange(minutes))


def seed(ctx) -> None:
    rng = ctx.rng
    igf_call = call_fields_for(ctx.igf, IGF_CALL)
    wsis_call = call_fields_for(ctx.wsis, WSIS_CALL)
    igf_types = _configure(ctx.igf, igf_call, IGF_TYPES)
    wsis_types = _configure(ctx.wsis, wsis_call, WSIS_TYPES)
    sdgs = list(SDG.objects.order_by("number"))
    action_lines = list(WSISActionLine.objects.order_by("pk"))
    tallies = {ctx.igf.pk: Tally(), ctx.wsis.pk: Tally()}
    made: list[tuple[Proposal, dt.datetime]] = []

    made.append(
        real_proposals.govstack(ctx, igf_types, sdgs, tallies[ctx.igf.pk], igf_call["opens_at"])
    )
    made.append(
        real_proposals.wsis_537(
            ctx, wsis_types, action_lines, tallies[ctx.wsis.pk], wsis_call["opens_at"]
        )
    )

    total = max(ctx.size.proposals, len(IGF_TYPES) + len(WSIS_TYPES) + 2)
    wsis_total = max(len(WSIS_TYPES) + 1, total // 6)
    plans = [
        (ctx.igf, igf_call, IGF_TYPES, igf_types, total - wsis_total - 1),
        (ctx.wsis, wsis_call, WSIS_TYPES, wsis_types, wsis_total - 1),
    ]
    organizer1 = ctx.accounts["organizer1@demo.example"]
    for forum, call_fields, specs, types, count in plans:
        # Every type once, then the rest by each type's share.
        weights = [spec.share for spec in specs]
        codes = [spec.code for spec in specs]
        codes += rng.choices([s.code for s in specs], weights=weights, k=count - len(specs))
        by_code = {s.code: s for s in specs}
        # organizer1@demo.example (technical community) proposes three sessions of open types.
        open_slots = [i for i, code in enumerate(codes) if not by_code[code].groups]
        organizer1_slots = (
            # First, so that no institution limit has been reached by others yet.
            set(open_slots[:3]) if forum == ctx.igf else set()
        )
        forum_themes = _themes(forum)
        for index, code in enumerate(codes):
            spec = by_code[code]
            creator = organizer1 if index in organizer1_slots else None
            result = _generated(
                ctx,
                forum,
                call_fields,
                spec,
                types[code],
                tallies[forum.pk],
                sdgs,
                action_lines,
                creator,
                forum_themes,
            )
            if result is not None:
                made.append(result)

    _answer_and_screen(ctx, made)
    open_call = _open_call(ctx, sdgs, action_lines)
    _set_demo_tokens(ctx)
    counts = Counter(p.status for p, _ in made + open_call)
    ctx.log(
        f"Proposals: {len(made) + len(open_call)} ({counts['submitted']} submitted, "
        f"{counts['draft']} drafts, {counts['withdrawn']} withdrawn) across "
        f"{len(IGF_TYPES) * 2 + len(WSIS_TYPES)} session types; {len(open_call)} so far in the "
        f"open call of {ctx.igf_next.name}."
    )


def open_call_size(size) -> int:
    """How many proposals the open call has received by the demo's day."""
    return max(6, size.proposals // 10)


def _open_call(ctx, sdgs, action_lines) -> list[tuple[Proposal, dt.datetime]]:
    """The next IGF's call, open now: the proposals made so far, all before the demo's day. Its
    own random stream keeps the other forums' figures what they were."""
    forum = ctx.igf_next
    rng = random.Random(f"plenaria-{ctx.size.name}-{forum.slug}")  # noqa: S311 - repeatable draws
    call_fields = call_fields_for(forum, IGF_CALL)
    types = _configure(forum, call_fields, IGF_TYPES)
    until = dt.datetime.combine(ctx.today, dt.time(0, 0), tzinfo=dt.UTC)
    tally = Tally()
    themes = _themes(forum)
    codes = rng.choices(
        [s.code for s in IGF_TYPES if not s.groups],
        weights=[s.share for s in IGF_TYPES if not s.groups],
        k=open_call_size(ctx.size),
    )
    by_code = {s.code: s for s in IGF_TYPES}
    made = []
    for code in codes:
        result = _generated(
            ctx,
            forum,
            call_fields,
            by_code[code],
            types[code],
            tally,
            sdgs,
            action_lines,
            None,
            themes,
            rng=rng,
            until=until,
        )
        if result is not None:
            made.append(result)
    return made


def _pick(rng, pool, ok, k, exclude=()):
    chosen: list[User] = []
    excluded = {u.pk for u in exclude}
    for _ in range(k * 30):
        if len(chosen) == k:
            break
        user = pool[rng.randrange(len(pool))]
        if user.pk in excluded or not ok(user):
            continue
        excluded.add(user.pk)
        chosen.append(user)
    return chosen


def _themes(forum) -> list[tuple[Theme, list[Theme]]]:
    """The forum's themes with their sub-themes, read once."""
    themes = list(Theme.objects.filter(forum=forum).order_by("position", "pk"))
    return [(t, [s for s in themes if s.parent_id == t.pk]) for t in themes if t.parent_id is None]


def _generated(
    ctx,
    forum,
    call_fields,
    spec,
    session_type,
    tally,
    sdgs,
    action_lines,
    creator,
    themes,
    rng=None,
    until=None,
):
    rng = rng or ctx.rng
    people = ctx.people
    if creator is None:
        allowed = set(spec.groups)

        def may_organise(user: User) -> bool:
            group = user.stakeholder_group.code if user.stakeholder_group_id else ""
            return tally.ok_organizer(user) and (not allowed or group in allowed)

        found = _pick(rng, people, may_organise, 1)
        if not found:
            return None
        creator = found[0]
    co = _pick(rng, people, tally.ok_organizer, 1 if rng.random() < 0.4 else 0, exclude=[creator])
    # Most organizers meet the minimum criteria; about one in six proposes a thin panel.
    fewest = max(spec.min_speakers, 1)
    most = max(fewest, min(spec.max_speakers, 5))
    careful = rng.random() < 0.85
    if careful:
        fewest = min(max(fewest, 3), most)
    n_speakers = rng.randint(fewest, most)
    speakers = _pick(rng, people, tally.ok_speaker, n_speakers, exclude=[creator, *co])
    genders = {u.gender for u in speakers if u.gender}
    if careful and len(speakers) > 1 and len(genders) < 2:
        # A careful organizer brings in a speaker of another gender.
        other = _pick(
            rng,
            people,
            lambda u: tally.ok_speaker(u) and u.gender and u.gender not in genders,
            1,
            exclude=[creator, *co, *speakers],
        )
        speakers = [*speakers[:-1], *other] if other else speakers
    helpers = _pick(rng, people, lambda u: True, 3, exclude=[creator, *co, *speakers])
    theme, subthemes = rng.choice(themes)
    topic = rng.choice(TOPICS)
    roles = [
        ProposalPerson.Role.ONSITE_MODERATOR,
        ProposalPerson.Role.ONLINE_MODERATOR,
        ProposalPerson.Role.RAPPORTEUR,
    ]
    moderators = [_person(u, role, rng) for u, role in zip(helpers, roles, strict=False)]
    if moderators:
        moderators[0].participation = (
            ProposalPerson.Participation.ONSITE if rng.random() < 0.9 else "online"
        )
    first_time = rng.random() < 0.3
    data = ProposalInput(
        session_type=session_type,
        title=f"{rng.choice(ANGLES)} {topic}",
        duration=rng.choice(spec.durations),
        format=rng.choice(spec.formats) if spec.formats else rng.choice(F.values),
        theme=theme,
        subtheme=rng.choice(subthemes) if subthemes else None,
        description=(
            f"This {spec.name.lower()} brings {n_speakers} voices from "
            f"{len({s.stakeholder_group_id for s in speakers})} stakeholder groups together on {topic}. "
            "It looks at what has worked, what has not, and what should change next."
        ),
        expected_outcomes=f"A short set of recommendations on {topic}, published in the session report.",
        interaction_plan="Questions alternate between the room and the online queue; a shared document collects input.",
        sdgs=rng.sample(sdgs, k=rng.randint(1, 3)) if sdgs else [],
        sdg_targets=rng.choice(["", "9.c", "16.6, 16.10", "4.4", "5.b"]),
        wsis_action_lines=rng.sample(action_lines, k=rng.randint(1, 2)) if action_lines else [],
        first_time_organizer=first_time,
        developing_country_organizer=rng.random() < 0.45,
        previous_report_url=""
        if first_time or rng.random() < 0.1
        else f"https://www.intgovforum.org/en/content/igf-2025-report-{rng.randrange(1, 999)}",
        policy_questions=[
            f"How can {topic} be advanced through multistakeholder cooperation?",
            f"What should governments and other stakeholders commit to on {topic}?",
        ][: rng.randint(1, 2)],
        organizers=[_organizer(creator)] + [_organizer(u) for u in co],
        people=[_person(u, ProposalPerson.Role.SPEAKER, rng) for u in speakers] + moderators,
    )
    now = _moment(rng, call_fields, session_type, until)
    key = uuid.UUID(int=rng.getrandbits(128))
    roll = rng.random()
    if roll < 0.08:
        proposal = proposal_save_draft(
            forum=forum, by=creator, data=data, creation_key=key, now=now
        )
        return proposal, now
    proposal = proposal_submit(
        forum=forum, by=creator, data=data, creation_key=key, now=now, notify=False
    )
    if roll < 0.14:
        end = session_type.deadline or call_fields["closes_at"]
        if until is not None:
            end = min(end, until)
        withdrawn_at = min(now + dt.timedelta(days=2), end - dt.timedelta(minutes=1))
        proposal = proposal_withdraw(proposal=proposal, by=creator, now=withdrawn_at)
        return proposal, now
    tally.count(data, [creator, *co])
    return proposal, now


def _answer_and_screen(ctx, made) -> None:
    """Some speakers answer their email; then the secretariat screens the submitted proposals."""
    rng = ctx.rng
    secretariat = ctx.accounts["secretariat@demo.example"]
    submitted = [(p, at) for p, at in made if p.status == Proposal.Status.SUBMITTED]
    for proposal, at in submitted:
        people = list(proposal.people.order_by("pk"))
        real = proposal.title in (records.GOVSTACK_TITLE, records.WSIS537_TITLE)
        if not real and rng.random() > 0.35:
            continue
        for person in people:
            if real or rng.random() < 0.8:
                proposal_person_answer(
                    token=person.confirmation_token,
                    accept=real or rng.random() < 0.9,
                    notify=False,
                    now=at + dt.timedelta(days=rng.randint(1, 10)),
                )
    review_starts = {
        forum.pk: dt.datetime.combine(
            forum.phases.get(kind=ForumPhase.Kind.REVIEW).starts_on, dt.time(9, 0), tzinfo=dt.UTC
        )
        for forum in (ctx.igf, ctx.wsis)
    }
    for proposal, _at in submitted:
        proposal.refresh_from_db(fields=["criteria_failed"])
        # Screened in the first days of the forum's review phase.
        screened_at = review_starts[proposal.forum_id] + dt.timedelta(minutes=rng.randrange(5000))
        if proposal.title in REAL_RECORD_REASONS:
            # The criteria are flags for the screener, who decides: both real sessions took place.
            proposal_screen(
                proposal=proposal,
                by=secretariat,
                eligibility=Proposal.Eligibility.ELIGIBLE,
                reason=REAL_RECORD_REASONS[proposal.title],
                now=screened_at,
            )
            continue
        if rng.random() < 0.04:
            continue  # not screened yet
        if proposal.criteria_failed:
            reason = INELIGIBLE_REASON % {
                "criteria": "; ".join(str(CRITERIA[c]).lower() for c in proposal.criteria_failed)
            }
            proposal_screen(
                proposal=proposal,
                by=secretariat,
                eligibility=Proposal.Eligibility.INELIGIBLE,
                reason=reason,
                now=screened_at,
            )
        else:
            proposal_screen(
                proposal=proposal,
                by=secretariat,
                eligibility=Proposal.Eligibility.ELIGIBLE,
                now=screened_at,
            )
    # Then the secretariat announces the results, once (recorded without mail, like the rest of
    # the demo's past).
    for forum in (ctx.igf, ctx.wsis):
        if screening_unannounced(forum).exists():
            screening_announce(
                forum=forum,
                by=secretariat,
                notify=False,
                now=review_starts[forum.pk] + dt.timedelta(days=4),
            )


def _set_demo_tokens(ctx) -> None:
    """Confirmation links are random secrets; the demo draws them from its seed instead, so that
    the same size gives the same data."""
    people = list(
        ProposalPerson.objects.filter(
            proposal__forum__in=[ctx.igf, ctx.wsis, ctx.igf_next]
        ).order_by("pk")
    )
    for person in people:
        person.confirmation_token = uuid.UUID(int=ctx.rng.getrandbits(128), version=4)
    ProposalPerson.objects.bulk_update(people, ["confirmation_token"], batch_size=1000)
