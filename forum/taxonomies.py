"""The fixed lists Plenaria reports by, as data. Seeded by migration 0002 and kept in step with it."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from forum import regions

STAKEHOLDER_GROUPS: list[tuple[str, str]] = [
    ("government", gettext_noop("Government")),
    ("igo", gettext_noop("Intergovernmental Organization")),
    ("civil-society", gettext_noop("Civil Society")),
    ("technical", gettext_noop("Technical Community")),
    ("private-sector", gettext_noop("Private Sector")),
    ("press", gettext_noop("Press")),
]

SDGS: list[tuple[int, str]] = [
    (1, "No Poverty"),
    (2, "Zero Hunger"),
    (3, "Good Health and Well-being"),
    (4, "Quality Education"),
    (5, "Gender Equality"),
    (6, "Clean Water and Sanitation"),
    (7, "Affordable and Clean Energy"),
    (8, "Decent Work and Economic Growth"),
    (9, "Industry, Innovation and Infrastructure"),
    (10, "Reduced Inequalities"),
    (11, "Sustainable Cities and Communities"),
    (12, "Responsible Consumption and Production"),
    (13, "Climate Action"),
    (14, "Life Below Water"),
    (15, "Life on Land"),
    (16, "Peace, Justice and Strong Institutions"),
    (17, "Partnerships for the Goals"),
]

WSIS_ACTION_LINES: list[tuple[int, str]] = [
    (
        1,
        "The role of public governance authorities and all stakeholders in the promotion of ICTs "
        "for development",
    ),
    (2, "Information and communication infrastructure"),
    (3, "Access to information and knowledge"),
    (4, "Capacity building"),
    (5, "Building confidence and security in the use of ICTs"),
    (6, "Enabling environment"),
    (
        7,
        "ICT applications: benefits in all aspects of life (e-government, e-business, e-learning, "
        "e-health, e-employment, e-environment, e-agriculture, e-science)",
    ),
    (8, "Cultural diversity and identity, linguistic diversity and local content"),
    (9, "Media"),
    (10, "Ethical dimensions of the Information Society"),
    (11, "International and regional cooperation"),
]


def seed_taxonomies(apps=None) -> None:
    """Create or update every taxonomy row. Idempotent; takes a migration's app registry."""
    if apps is None:
        from django.apps import apps
    StakeholderGroup = apps.get_model("forum", "StakeholderGroup")
    RegionalGroup = apps.get_model("forum", "RegionalGroup")
    SDG = apps.get_model("forum", "SDG")
    WSISActionLine = apps.get_model("forum", "WSISActionLine")
    for position, (code, name) in enumerate(STAKEHOLDER_GROUPS):
        StakeholderGroup.objects.update_or_create(
            code=code, defaults={"name": name, "position": position}
        )
    for position, (code, name) in enumerate(regions.REGIONAL_GROUPS):
        RegionalGroup.objects.update_or_create(
            code=code, defaults={"name": name, "position": position}
        )
    for number, title in SDGS:
        SDG.objects.update_or_create(number=number, defaults={"title": title})
    for number, title in WSIS_ACTION_LINES:
        WSISActionLine.objects.update_or_create(
            number=number, defaults={"code": f"C{number}", "title": title}
        )
