"""The demo step of remote hubs and live rooms: hubs around the world, approved registrations for
the demo accounts, and for some sessions chat, questions, a floor request and poll results.

Everything goes through the services, with timestamps relative to the demo's day and ``ctx.rng``:
the same size and day give the same data. Live content goes to the sessions that have started by
the demo's moment (the most recent first), and stays before that moment; without any, only hubs
and registrations are made.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from forum.demo import DemoContext
from registration.models import Registration
from remote_hubs.models import Hub
from remote_hubs.services import hubs as hub_services
from remote_hubs.services.live import base, chat, floor, polls, presence, presence_batch
from remote_hubs.services.live import questions as qa
from sessions.models import Session

#: (city, country, time zone, latitude, longitude)
HUB_CITIES = [
    ("Nairobi", "KE", "Africa/Nairobi", "-1.28639", "36.81722"),
    ("Lagos", "NG", "Africa/Lagos", "6.52438", "3.37921"),
    ("Accra", "GH", "Africa/Accra", "5.60372", "-0.18700"),
    ("Dakar", "SN", "Africa/Dakar", "14.71667", "-17.46768"),
    ("Kampala", "UG", "Africa/Kampala", "0.34760", "32.58252"),
    ("Cairo", "EG", "Africa/Cairo", "30.04442", "31.23571"),
    ("Johannesburg", "ZA", "Africa/Johannesburg", "-26.20410", "28.04731"),
    ("Tunis", "TN", "Africa/Tunis", "36.80650", "10.18153"),
    ("Bogotá", "CO", "America/Bogota", "4.71099", "-74.07209"),
    ("São Paulo", "BR", "America/Sao_Paulo", "-23.55052", "-46.63331"),
    ("Mexico City", "MX", "America/Mexico_City", "19.43261", "-99.13321"),
    ("Buenos Aires", "AR", "America/Argentina/Buenos_Aires", "-34.60368", "-58.38156"),
    ("Lima", "PE", "America/Lima", "-12.04637", "-77.04279"),
    ("Port of Spain", "TT", "America/Port_of_Spain", "10.66680", "-61.51889"),
    ("Dhaka", "BD", "Asia/Dhaka", "23.81033", "90.41252"),
    ("Kathmandu", "NP", "Asia/Kathmandu", "27.71724", "85.32396"),
    ("Manila", "PH", "Asia/Manila", "14.59951", "120.98422"),
    ("Jakarta", "ID", "Asia/Jakarta", "-6.20876", "106.84559"),
    ("Almaty", "KZ", "Asia/Almaty", "43.23890", "76.88970"),
    ("Beirut", "LB", "Asia/Beirut", "33.89379", "35.50177"),
    ("Suva", "FJ", "Pacific/Fiji", "-18.12482", "178.45005"),
    ("Tbilisi", "GE", "Asia/Tbilisi", "41.71514", "44.82709"),
    ("Yerevan", "AM", "Asia/Yerevan", "40.17920", "44.49910"),
    ("Lisbon", "PT", "Europe/Lisbon", "38.72225", "-9.13934"),
    ("Bucharest", "RO", "Europe/Bucharest", "44.42677", "26.10254"),
]
INSTITUTIONS = ["University", "Internet Society Chapter", "Digital Rights Lab", "Innovation Hub"]
INTERESTS = [
    "Meaningful connectivity and community networks",
    "AI governance and human rights",
    "Cybersecurity capacity building",
    "Digital public infrastructure",
    "Youth participation in Internet governance",
]

CHAT_LINES = [
    "Good morning from {hub}!",
    "The audio is clear here, thank you.",
    "Could the slides be shared after the session?",
    "Great point about community networks.",
    "We have a full room following along.",
    "Is there a link to the background paper?",
    "Thanks to the captioners!",
    "Agree with the previous speaker on capacity building.",
]
QUESTIONS = [
    "How can small island states take part in these standards processes?",
    "What role should parliaments play in AI oversight?",
    "How do we measure meaningful connectivity beyond coverage?",
    "Who funds community networks once pilots end?",
    "How will this session's recommendations reach the WSIS+20 review?",
    "What safeguards protect human rights defenders online?",
]
POLL_OPTIONS = ["Connectivity", "AI governance", "Cybersecurity", "Human rights"]


def seed(ctx: DemoContext) -> None:
    forum = ctx.igf
    secretariat = ctx.accounts["secretariat@demo.example"]
    hubs = _hubs(ctx, forum, secretariat)
    participants = _registrations(ctx, forum)
    sessions = list(
        Session.objects.filter(forum=forum).select_related("forum", "room").order_by("pk")
    )
    if not sessions:
        ctx.log(f"  {len(hubs)} hubs; no sessions yet, so no live room content")
        return
    for hub in hubs:
        if hub.status == Hub.Status.APPROVED:
            hub.planned_sessions.set(ctx.rng.sample(sessions, k=min(5, len(sessions))))
    live_count = max(2, len(sessions) // 15)
    approved = [h for h in hubs if h.status == Hub.Status.APPROVED]
    started = sorted(
        (s for s in sessions if s.starts_at and s.starts_at <= ctx.now),
        key=lambda s: (-s.starts_at.timestamp(), s.pk),
    )[:live_count]
    for index, session in enumerate(started):
        _live_content(ctx, session, index, secretariat, participants, approved)
    # Every other session that has ended was followed online too, for its report's figures.
    with_content = set(started)
    ended = [s for s in sessions if s.ends_at and s.ends_at <= ctx.now and s not in with_content]
    for index, session in enumerate(ended):
        people = ctx.rng.sample(participants, min(len(participants), ctx.rng.randint(3, 12)))
        hub = approved[index % len(approved)] if approved and index % 3 == 0 else None
        room = base.live_room_for(session=session)
        _attendance(ctx, room, people, hub, session.starts_at + dt.timedelta(minutes=1))
    ctx.log(
        f"  {len(hubs)} hubs, live content in {len(started)} sessions, "
        f"attendance in {len(ended)} more"
    )


def _hubs(ctx: DemoContext, forum, secretariat) -> list[Hub]:
    hubs = []
    candidates = [p for p in ctx.people if p.email not in ctx.accounts]
    coordinators = [ctx.accounts["hub1@demo.example"], *ctx.rng.sample(candidates, ctx.size.hubs)]
    for n in range(ctx.size.hubs):
        city, country, tz, lat, lon = HUB_CITIES[n % len(HUB_CITIES)]
        institution = f"{city} {INSTITUTIONS[(n // len(HUB_CITIES)) % len(INSTITUTIONS)]}"
        coordinator = coordinators[n]
        at = ctx.epoch + dt.timedelta(days=30, hours=n)
        hub = hub_services.hub_register(
            forum=forum,
            by=coordinator,
            host_institution=institution,
            city=city,
            country=country,
            time_zone=tz,
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            coordinator_name=coordinator.name,
            coordinator_email=coordinator.email,
            technical_name=f"Technical lead, {institution}",
            technical_email=f"tech{n + 1}@hubs.demo.example",
            expected_participants=ctx.rng.randint(15, 120),
            areas_of_interest=ctx.rng.choice(INTERESTS),
            now=at,
        )
        # The last hub still waits for the secretariat, to show the queue.
        if n < ctx.size.hubs - 1:
            hub = hub_services.hub_decide(
                hub=hub, by=secretariat, approve=True, now=at + dt.timedelta(days=2), notify=False
            )
        hubs.append(hub)
    return hubs


def _registrations(ctx: DemoContext, forum) -> list:
    """Approved registrations for the demo accounts and a few dozen people who take part live.
    (The registration capability proper comes later.)"""
    people = [ctx.accounts["participant1@demo.example"]]
    others = [p for p in ctx.people if p.email not in ctx.accounts]
    people += ctx.rng.sample(others, min(len(others), 20 if ctx.size.name == "small" else 60))
    accounts = [u for e, u in sorted(ctx.accounts.items()) if u not in people]
    for n, user in enumerate([*accounts, *people]):
        Registration.objects.get_or_create(
            forum=forum,
            user=user,
            defaults={
                "status": Registration.Status.APPROVED,
                "attendance": ctx.rng.choice(list(Registration.Attendance.values)),
                "created_at": ctx.epoch + dt.timedelta(days=40, minutes=n),
            },
        )
    return people


def _attendance(ctx, room, people, hub, when) -> None:
    """The room's connections, recorded and closed as the presence batches do: the people
    signed in (the hub's coordinator from the hub) and viewers who did not sign in. Their
    attendance and the room's peak stay for the session's report."""
    joins = {
        f"demo.{room.pk}.{user.pk}": {"room_id": room.pk, "user_id": user.pk, "hub_id": None}
        for user in people
    }
    for n in range(ctx.rng.randint(20, 120)):
        joins[f"demo.{room.pk}.anon{n}"] = {"room_id": room.pk, "user_id": None, "hub_id": None}
    if hub:
        joins[f"demo.{room.pk}.hub"] = {
            "room_id": room.pk,
            "user_id": hub.coordinator_id,
            "hub_id": hub.pk,
        }
    presence_batch.presence_apply(joins=joins, hubs={}, leaves=set(), now=when)
    presence_batch.presence_apply(joins={}, hubs={}, leaves=set(joins), now=when)


def _live_content(ctx, session, index, moderator, participants, hubs) -> None:
    room = base.live_room_for(session=session)
    start = session.starts_at
    # The room's first 50 minutes, squeezed into the time it has run by the demo's moment.
    ran = (min(session.ends_at or ctx.now, ctx.now) - start).total_seconds() / 60
    scale = max(0.0, min(1.0, (ran - 1) / 50))

    def at(minutes: float) -> dt.datetime:
        return start + dt.timedelta(minutes=minutes * scale)

    hub = hubs[index % len(hubs)] if hubs else None
    people = ctx.rng.sample(participants, min(len(participants), 12))
    _attendance(ctx, room, people, hub, at(1))
    for n in range(ctx.rng.randint(6, 10)):
        author = people[n % len(people)]
        line = CHAT_LINES[ctx.rng.randrange(len(CHAT_LINES))]
        with_hub = hub if (hub and n % 4 == 0) else None
        chat.chat_send(
            room=room,
            by=author if not with_hub else with_hub.coordinator,
            text=line.format(hub=with_hub.city if with_hub else "Geneva"),
            hub=with_hub,
            now=at(2 + n * 1.5),
        )
    questions = []
    for n, text in enumerate(ctx.rng.sample(QUESTIONS, 3)):
        from_hub = hub if (hub and n == 0) else None
        questions.append(
            qa.question_ask(
                room=room,
                by=from_hub.coordinator if from_hub else people[(n + 3) % len(people)],
                text=text,
                hub=from_hub,
                anonymous=n == 2,
                now=at(10 + n * 3),
            )
        )
    for n, voter in enumerate(people[:8]):
        question = questions[n % len(questions)]
        if voter.pk != question.author_id:
            qa.question_upvote(room=room, by=voter, question_id=question.pk, now=at(20 + n))
    qa.question_highlight(room=room, by=moderator, question_id=questions[0].pk, now=at(30))
    qa.question_moderate(
        room=room, by=moderator, question_id=questions[0].pk, action="answer", now=at(38)
    )
    if hub:
        presence.hub_attendance_report(
            hub=hub, session=session, by=hub.coordinator, people=ctx.rng.randint(10, 80), now=at(5)
        )
        request = floor.floor_request(room=room, by=hub.coordinator, hub=hub, now=at(25))
        floor.floor_update(
            room=room, by=moderator, request_id=request.pk, status="granted", now=at(40)
        )
        floor.floor_update(
            room=room, by=moderator, request_id=request.pk, status="done", now=at(44)
        )
    poll = polls.poll_create(
        room=room,
        by=moderator,
        kind="single",
        question="Which topic should the next session take up first?",
        options=POLL_OPTIONS,
        now=at(45),
    )
    polls.poll_set_status(room=room, by=moderator, poll_id=poll.pk, status="open", now=at(46))
    for n, voter in enumerate(people):
        polls.poll_vote(
            room=room,
            by=voter,
            poll_id=poll.pk,
            answer=ctx.rng.randrange(len(POLL_OPTIONS)),
            now=at(46 + n * 0.2),
        )
    polls.poll_set_status(room=room, by=moderator, poll_id=poll.pk, status="closed", now=at(50))
