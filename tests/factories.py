"""factory_boy factories for the core models. Apps add theirs in their own test folders."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.hashers import make_password

from forum.models import Forum, ForumPhase, ForumRole, Room, StakeholderGroup, Theme, User

PASSWORD = "correct horse battery staple"
_PASSWORD_HASH = None


def password_hash() -> str:
    """Hash the shared test password once; hashing per user would slow the suite down."""
    global _PASSWORD_HASH
    if _PASSWORD_HASH is None:
        _PASSWORD_HASH = make_password(PASSWORD)
    return _PASSWORD_HASH


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")
    organisation = "Example Organisation"
    country = "KE"
    password = factory.LazyFunction(password_hash)
    stakeholder_group = factory.LazyFunction(
        lambda: StakeholderGroup.objects.get(code=StakeholderGroup.CIVIL_SOCIETY)
    )


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    name = factory.Sequence(lambda n: f"IGF {2030 + n}")
    slug = factory.Sequence(lambda n: f"igf-{2030 + n}")
    acronym = factory.Sequence(lambda n: f"igf{2030 + n}")
    kind = Forum.Kind.IGF
    start_date = dt.date(2030, 12, 2)
    end_date = dt.date(2030, 12, 6)
    timezone = "Europe/Zurich"
    venue = "Palais des Nations"
    city = "Geneva"
    country = "CH"


class ForumPhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumPhase

    forum = factory.SubFactory(ForumFactory)
    kind = ForumPhase.Kind.CALL_FOR_PROPOSALS
    starts_on = dt.date(2030, 3, 1)
    ends_on = dt.date(2030, 4, 30)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    forum = factory.SubFactory(ForumFactory)
    name = factory.Sequence(lambda n: f"Theme {n}")


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    forum = factory.SubFactory(ForumFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 100
    layout = Room.Layout.ROUNDTABLE


def grant(user: User, forum: Forum, role: str) -> ForumRole:
    from forum.services import role_grant

    return role_grant(forum=forum, user=user, role=role)
