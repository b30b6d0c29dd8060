"""The demo's core step: the forums (the IGF live now, the WSIS Forum in review, the next IGF's
call open), their phases, themes and rooms, and the people with their roles, built through the
forum app's services. The framework (steps, sizes, the clock) is ``forum.demo``."""

from __future__ import annotations

import datetime as dt
import random

from django_countries import countries

from forum import regions, services
from forum.demo import (
    DEMO_ACCOUNTS,
    DEMO_TIMEZONE,
    IGF_NEXT_SLUG,
    IGF_SLUG,
    WSIS_SLUG,
    DemoContext,
)
from forum.demo_data import (
    FAMILY_NAMES,
    GENDERS,
    GIVEN_NAMES,
    IGF_THEMES,
    IGO_ORGANISATIONS,
    ROOM_NAMES,
    WSIS_THEMES,
)
from forum.models import Forum, ForumPhase, ForumRole, StakeholderGroup


def _organisation(rng: random.Random, group: str, country: str) -> str:
    country_name = countries.name(country) or country
    if group == StakeholderGroup.GOVERNMENT:
        return rng.choice(
            [
                f"Ministry of ICT of {country_name}",
                f"Ministry of Foreign Affairs of {country_name}",
                f"National Regulatory Authority of {country_name}",
            ]
        )
    if group == StakeholderGroup.INTERGOVERNMENTAL:
        return rng.choice(IGO_ORGANISATIONS)
    if group == StakeholderGroup.CIVIL_SOCIETY:
        return rng.choice(
            [
                f"{country_name} Digital Rights Network",
                f"Open Internet Foundation {country_name}",
                f"Youth IGF {country_name}",
                f"Women in Tech {country_name}",
            ]
        )
    if group == StakeholderGroup.TECHNICAL:
        return rng.choice(
            [
                f"Internet Society {country_name} Chapter",
                f"{country_name} Network Information Centre",
                f"University of {country_name}",
            ]
        )
    if group == StakeholderGroup.PRIVATE_SECTOR:
        return rng.choice(
            [f"{country_name} Telecom", f"{country_name} Cloud Services", "Global Data Systems"]
        )
    return rng.choice([f"{country_name} Tribune", "Global Tech Press", f"{country_name} Radio"])


def _person(rng: random.Random, index: int, email: str, countries_pool: list[str], group: str):
    country = countries_pool[index % len(countries_pool)]
    name = f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
    return services.PersonData(
        email=email,
        name=name,
        organisation=_organisation(rng, group, country),
        stakeholder_group=group,
        country=country,
        gender=rng.choice(GENDERS),
    )


#: Each forum's phases as (first, last) day offsets from the demo's day: the IGF's forum days
#: are live now (Day 0 was yesterday), the WSIS Forum is in review now, the next IGF's call is open.
#: The IGF's spans are those of the IGF 2026 calendar (call 2 March - 30 April, review 4 May -
#: 26 June, forum 7 - 11 December): on --today 2026-12-08 its dates are that calendar's.
IGF_PHASES = {
    ForumPhase.Kind.CALL_FOR_PROPOSALS: (-281, -222),
    ForumPhase.Kind.REVIEW: (-218, -165),
    ForumPhase.Kind.PROGRAMME: (-98, -2),
    ForumPhase.Kind.LIVE: (-1, 3),
    ForumPhase.Kind.REPORTING: (4, 54),
}
WSIS_PHASES = {
    ForumPhase.Kind.CALL_FOR_PROPOSALS: (-75, -15),
    ForumPhase.Kind.REVIEW: (-12, 10),
    ForumPhase.Kind.PROGRAMME: (20, 59),
    ForumPhase.Kind.LIVE: (60, 64),
    ForumPhase.Kind.REPORTING: (65, 140),
}
IGF_NEXT_PHASES = {
    ForumPhase.Kind.CALL_FOR_PROPOSALS: (-20, 40),
    ForumPhase.Kind.REVIEW: (44, 100),
    ForumPhase.Kind.PROGRAMME: (140, 199),
    ForumPhase.Kind.LIVE: (200, 204),
    ForumPhase.Kind.REPORTING: (205, 260),
}


def _phases(ctx: DemoContext, table) -> dict[str, tuple[dt.date, dt.date]]:
    return {kind: (ctx.day(first), ctx.day(last)) for kind, (first, last) in table.items()}


def seed_core(ctx: DemoContext) -> None:
    size, rng = ctx.size, ctx.rng
    igf_themes = [
        services.ThemeData(name=theme, subthemes=tuple(subs[: size.subthemes_per_theme]))
        for theme, subs in IGF_THEMES
    ]
    igf_phases = _phases(ctx, IGF_PHASES)
    ctx.igf = services.forum_create(
        name="IGF 2026",
        slug=IGF_SLUG,
        acronym="igf2026",
        kind=Forum.Kind.IGF,
        start_date=igf_phases[ForumPhase.Kind.LIVE][0],
        end_date=igf_phases[ForumPhase.Kind.LIVE][1],
        timezone=DEMO_TIMEZONE,
        venue="Palexpo",
        city="Geneva",
        country="CH",
        theme="Building digital governance together",
        description=(
            "The annual Internet Governance Forum: a Day 0 followed by four forum days, with "
            "workshops, open forums, town halls, lightning talks and main sessions, hybrid "
            "throughout and followed from remote hubs around the world."
        ),
        phases=igf_phases,
        themes=igf_themes,
        rooms=[
            services.RoomData(
                name=name,
                capacity=capacity,
                layout=layout,
                has_webcast=True,
                has_captioning=index < 12,
            )
            for index, (name, capacity, layout) in enumerate(ROOM_NAMES[: size.rooms])
        ],
    )
    wsis_phases = _phases(ctx, WSIS_PHASES)
    ctx.wsis = services.forum_create(
        name="WSIS Forum 2026",
        slug=WSIS_SLUG,
        acronym="wsis2026",
        kind=Forum.Kind.WSIS,
        start_date=wsis_phases[ForumPhase.Kind.LIVE][0],
        end_date=wsis_phases[ForumPhase.Kind.LIVE][1],
        timezone=DEMO_TIMEZONE,
        venue="International Conference Centre Geneva",
        city="Geneva",
        country="CH",
        theme="WSIS+20: connecting the world for sustainable development",
        phases=wsis_phases,
        themes=[
            services.ThemeData(name=theme, subthemes=tuple(subs)) for theme, subs in WSIS_THEMES
        ],
        rooms=[
            services.RoomData(name=name, capacity=capacity, layout=layout)
            for name, capacity, layout in ROOM_NAMES[: max(3, size.rooms // 3)]
        ],
    )
    next_phases = _phases(ctx, IGF_NEXT_PHASES)
    ctx.igf_next = services.forum_create(
        name="IGF 2027",
        slug=IGF_NEXT_SLUG,
        acronym="igf2027",
        kind=Forum.Kind.IGF,
        start_date=next_phases[ForumPhase.Kind.LIVE][0],
        end_date=next_phases[ForumPhase.Kind.LIVE][1],
        timezone=DEMO_TIMEZONE,
        venue="Palexpo",
        city="Geneva",
        country="CH",
        theme="Building digital governance together",
        description="The next Internet Governance Forum: its call for session proposals is open.",
        phases=next_phases,
        themes=igf_themes,
        rooms=[
            services.RoomData(name=name, capacity=capacity, layout=layout)
            for name, capacity, layout in ROOM_NAMES[: max(3, size.rooms // 2)]
        ],
    )

    ctx.countries = sorted(rng.sample(regions.UN_COUNTRIES, size.countries))
    groups = [code for code, _ in _stakeholder_groups()]
    named = [
        ("secretariat@demo.example", "Secretariat Demo", StakeholderGroup.INTERGOVERNMENTAL, "CH"),
        ("mag1@demo.example", "Mag Member One", StakeholderGroup.CIVIL_SOCIETY, "KE"),
        ("organizer1@demo.example", "Organizer One", StakeholderGroup.TECHNICAL, "BR"),
        ("participant1@demo.example", "Participant One", StakeholderGroup.PRIVATE_SECTOR, "IN"),
        ("hub1@demo.example", "Hub Coordinator One", StakeholderGroup.CIVIL_SOCIETY, "NG"),
        ("captioner@demo.example", "Captioner Demo", StakeholderGroup.PRIVATE_SECTOR, "GB"),
    ]
    people_data = [
        services.PersonData(
            email=email,
            name=name,
            organisation=_organisation(rng, group, country),
            stakeholder_group=group,
            country=country,
            gender=rng.choice(GENDERS),
        )
        for email, name, group, country in named
    ]
    # MAG members 2..n spread over stakeholder groups (no press) and countries.
    mag_groups = [g for g in groups if g != StakeholderGroup.PRESS]
    for number in range(2, size.mag_members + 1):
        people_data.append(
            _person(
                rng,
                number * 7,
                f"mag{number}@demo.example",
                ctx.countries,
                mag_groups[number % len(mag_groups)],
            )
        )
    for number in range(1, size.people + 1):
        people_data.append(
            _person(
                rng,
                number,
                f"person{number}@demo.example",
                ctx.countries,
                groups[rng.randrange(len(groups))],
            )
        )
    users = services.people_create(
        people=people_data, password_hash=ctx.password_hash, joined_at=ctx.epoch
    )
    by_email = {user.email: user for user in users}
    ctx.accounts = {email: by_email[email] for email, _ in DEMO_ACCOUNTS}
    ctx.people = [user for user in users if user.email.startswith("person")]

    for forum in (ctx.igf, ctx.wsis, ctx.igf_next):
        services.role_grant(
            forum=forum,
            user=ctx.accounts["secretariat@demo.example"],
            role=ForumRole.Role.SECRETARIAT,
        )
        services.role_grant(
            forum=forum, user=ctx.accounts["captioner@demo.example"], role=ForumRole.Role.CAPTIONER
        )
    for number in range(1, size.mag_members + 1):
        services.role_grant(
            forum=ctx.igf,
            user=by_email[f"mag{number}@demo.example"],
            role=ForumRole.Role.MAG_MEMBER,
        )
    services.role_grant(
        forum=ctx.igf, user=ctx.accounts["hub1@demo.example"], role=ForumRole.Role.HUB_COORDINATOR
    )
    ctx.log(
        f"Forums around {ctx.today.isoformat()}: {ctx.igf.name} live ({size.rooms} rooms, "
        f"{len(ctx.igf.days)} days), {ctx.wsis.name} in review, {ctx.igf_next.name} with its call "
        f"open; "
        f"{len(users)} people from {len(ctx.countries)} countries; {size.mag_members} MAG members."
    )


def _stakeholder_groups() -> list[tuple[str, str]]:
    return list(StakeholderGroup.objects.order_by("position").values_list("code", "name"))
