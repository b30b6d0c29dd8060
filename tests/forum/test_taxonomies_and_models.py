import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from forum.models import SDG, Forum, RegionalGroup, StakeholderGroup, User, WSISActionLine
from tests.factories import ForumFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_taxonomies_are_seeded_by_the_migrations():
    assert list(StakeholderGroup.objects.values_list("name", flat=True)) == [
        "Government",
        "Intergovernmental Organization",
        "Civil Society",
        "Technical Community",
        "Private Sector",
        "Press",
    ]
    assert list(RegionalGroup.objects.values_list("name", flat=True)) == [
        "African Group",
        "Asia-Pacific Group",
        "Eastern European Group",
        "Latin American and Caribbean Group (GRULAC)",
        "Western European and Others Group (WEOG)",
        "Intergovernmental Organizations",
    ]
    assert list(SDG.objects.values_list("number", flat=True)) == list(range(1, 18))
    assert SDG.objects.get(number=16).title == "Peace, Justice and Strong Institutions"
    assert list(WSISActionLine.objects.values_list("code", flat=True)) == [
        f"C{n}" for n in range(1, 12)
    ]
    assert WSISActionLine.objects.get(code="C11").title == "International and regional cooperation"


@pytest.mark.parametrize(
    ("country", "group"),
    [
        ("KE", "african"),
        ("JP", "asia-pacific"),
        ("PL", "eeg"),
        ("BR", "grulac"),
        ("NO", "weog"),
        ("US", "weog"),
        ("PS", "asia-pacific"),
    ],
)
def test_regional_group_is_derived_from_the_country(country, group):
    user = UserFactory(country=country)
    user.refresh_from_db()
    assert user.regional_group.code == group


def test_igo_staff_count_as_intergovernmental_organizations():
    user = UserFactory(country="CH", stakeholder_group=StakeholderGroup.objects.get(code="igo"))
    assert user.regional_group.code == "igo"


def test_regional_group_follows_a_change_of_country():
    user = UserFactory(country="KE")
    user.country = "AR"
    user.save(update_fields=["country"])
    user.refresh_from_db()
    assert user.regional_group.code == "grulac"


def test_a_territory_outside_the_regional_groups_has_none():
    user = UserFactory(country="AQ")
    assert user.regional_group is None


def test_email_is_the_login_and_unique_whatever_its_case():
    User.objects.create_user("Ana.Silva@Example.org", "pw-123456789", name="Ana Silva")
    assert User.objects.get_by_natural_key("ana.silva@example.ORG").name == "Ana Silva"
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("ANA.SILVA@example.org", "pw", name="Other")


@pytest.mark.parametrize("acronym", ["igf", "IGF2025", "igf-2025", "igf 2025", ""])
def test_forum_acronym_must_be_lowercase_letters_digits_underscores(acronym):
    forum = ForumFactory.build(acronym=acronym)
    with pytest.raises(ValidationError) as excinfo:
        forum.full_clean()
    assert "acronym" in excinfo.value.message_dict


def test_forum_acronym_constraint_holds_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ForumFactory(acronym="Bad-One")


def test_forum_cannot_end_before_it_starts():
    forum = ForumFactory.build(start_date=dt.date(2030, 12, 5), end_date=dt.date(2030, 12, 1))
    with pytest.raises(ValidationError):
        forum.full_clean()


def test_forum_time_zone_must_exist():
    forum = ForumFactory.build(timezone="Mars/Olympus_Mons")
    with pytest.raises(ValidationError) as excinfo:
        forum.full_clean()
    assert "timezone" in excinfo.value.message_dict


def test_forum_days_and_current_phase():
    from forum.models import ForumPhase

    forum = ForumFactory(start_date=dt.date(2030, 12, 1), end_date=dt.date(2030, 12, 5))
    assert forum.days == [dt.date(2030, 12, d) for d in range(1, 6)]
    ForumPhase.objects.create(
        forum=forum, kind="cfp", starts_on=dt.date(2030, 3, 1), ends_on=dt.date(2030, 4, 1)
    )
    forum = Forum.objects.get(pk=forum.pk)
    assert forum.current_phase(dt.date(2030, 3, 15)).kind == "cfp"
    assert forum.current_phase(dt.date(2030, 5, 1)) is None
