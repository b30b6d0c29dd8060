"""Writes of the core app: people, forums and roles. Every write goes through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from forum import regions
from forum.models import (
    Forum,
    ForumPhase,
    ForumRole,
    RegionalGroup,
    Room,
    StakeholderGroup,
    Theme,
    User,
)
from forum.rules import forget_roles


@dataclass(frozen=True)
class PersonData:
    email: str
    name: str
    organisation: str = ""
    stakeholder_group: str | None = None  # a StakeholderGroup code
    country: str = ""
    gender: str = ""


def _regional_group_ids() -> dict[str, int]:
    return dict(RegionalGroup.objects.values_list("code", "pk"))


def _stakeholder_group_ids() -> dict[str, int]:
    return dict(StakeholderGroup.objects.values_list("code", "pk"))


def people_create(
    *,
    people: Iterable[PersonData],
    password_hash: str | None = None,
    joined_at: dt.datetime | None = None,
) -> list[User]:
    """Create many people at once (the demo forum, imports). ``password_hash`` is an already
    hashed password given to all of them, or None for accounts that log in only after a reset."""
    sg_ids = _stakeholder_group_ids()
    rg_ids = _regional_group_ids()
    users = []
    for person in people:
        rg_code = regions.regional_group_code_for(
            stakeholder_group=person.stakeholder_group, country=person.country
        )
        user = User(
            email=person.email.lower(),
            name=person.name,
            organisation=person.organisation,
            stakeholder_group_id=sg_ids[person.stakeholder_group]
            if person.stakeholder_group
            else None,
            country=person.country,
            regional_group_id=rg_ids.get(rg_code) if rg_code else None,
            gender=person.gender,
        )
        if joined_at is not None:
            user.date_joined = joined_at
        if password_hash:
            user.password = password_hash
        else:
            user.set_unusable_password()
        users.append(user)
    with transaction.atomic():
        return User.objects.bulk_create(users, batch_size=500)


@dataclass(frozen=True)
class ThemeData:
    name: str
    subthemes: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class RoomData:
    name: str
    capacity: int
    layout: str
    has_webcast: bool = True
    has_captioning: bool = True
    webcast_url: str = ""


@transaction.atomic
def forum_create(
    *,
    name: str,
    slug: str,
    acronym: str,
    kind: str,
    start_date: dt.date,
    end_date: dt.date,
    timezone: str,
    venue: str = "",
    city: str = "",
    country: str = "",
    theme: str = "",
    description: str = "",
    phases: dict[str, tuple[dt.date, dt.date]] | None = None,
    themes: Iterable[ThemeData] = (),
    rooms: Iterable[RoomData] = (),
    is_public: bool = True,
) -> Forum:
    """Create a forum edition with its phases, themes and rooms, validating each."""
    forum = Forum(
        name=name,
        slug=slug,
        acronym=acronym,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        timezone=timezone,
        venue=venue,
        city=city,
        country=country,
        theme=theme,
        description=description,
        is_public=is_public,
    )
    forum.full_clean()
    forum.save()
    for kind_, (starts_on, ends_on) in (phases or {}).items():
        phase = ForumPhase(forum=forum, kind=kind_, starts_on=starts_on, ends_on=ends_on)
        phase.full_clean()
        phase.save()
    for position, theme_data in enumerate(themes):
        parent = Theme.objects.create(
            forum=forum, name=theme_data.name, description=theme_data.description, position=position
        )
        for sub_position, sub in enumerate(theme_data.subthemes):
            Theme.objects.create(forum=forum, parent=parent, name=sub, position=sub_position)
    for position, room_data in enumerate(rooms):
        room = Room(forum=forum, position=position, **room_data.__dict__)
        room.full_clean()
        room.save()
    return forum


def role_grant(*, forum: Forum, user: User, role: str) -> ForumRole:
    """Give ``user`` a role in ``forum`` (idempotent)."""
    if role not in ForumRole.Role.values:
        raise ValueError(f"Unknown role {role!r}")
    granted, _ = ForumRole.objects.get_or_create(forum=forum, user=user, role=role)
    forget_roles(user)
    return granted


def role_revoke(*, forum: Forum, user: User, role: str) -> None:
    ForumRole.objects.filter(forum=forum, user=user, role=role).delete()
    forget_roles(user)
