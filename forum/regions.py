"""The United Nations regional groups and the countries (ISO 3166-1 alpha-2) that belong to them.

Member states follow the UN Department for General Assembly and Conference Management's list of
regional groups. Observer states sit where they take part (Palestine in Asia-Pacific, the Holy See
in WEOG); a few territories that IGF registrations commonly name are placed by geography. Codes
absent here (Antarctica, most dependent territories) have no regional group.
"""

from __future__ import annotations

from django.db.models import Case, CharField, QuerySet, Value, When
from django.utils.translation import gettext_noop

AFRICAN = "african"
ASIA_PACIFIC = "asia-pacific"
EASTERN_EUROPEAN = "eeg"
GRULAC = "grulac"
WEOG = "weog"
INTERGOVERNMENTAL = "igo"

#: (code, name) in the order the IGF reports them.
REGIONAL_GROUPS: list[tuple[str, str]] = [
    (AFRICAN, gettext_noop("African Group")),
    (ASIA_PACIFIC, gettext_noop("Asia-Pacific Group")),
    (EASTERN_EUROPEAN, gettext_noop("Eastern European Group")),
    (GRULAC, gettext_noop("Latin American and Caribbean Group (GRULAC)")),
    (WEOG, gettext_noop("Western European and Others Group (WEOG)")),
    (INTERGOVERNMENTAL, gettext_noop("Intergovernmental Organizations")),
]

_MEMBERS: dict[str, str] = {
    AFRICAN: (
        "DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG "
        "MW ML MR MU MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW"
    ),
    ASIA_PACIFIC: (
        "AF BH BD BT BN KH CN CY FJ IN ID IR IQ JP JO KZ KI KP KR KW KG LA LB MY MV MH FM MN MM NR "
        "NP OM PK PW PG PH QA WS SA SG SB LK SY TJ TH TL TO TM TV AE UZ VU VN YE PS HK MO TW"
    ),
    EASTERN_EUROPEAN: "AL AM AZ BY BA BG HR CZ EE GE HU LV LT ME MD PL RO RU RS SK SI MK UA",
    GRULAC: (
        "AG AR BS BB BZ BO BR CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY PE KN LC VC SR "
        "TT UY VE PR"
    ),
    WEOG: "AD AT AU BE CA DK FI FR DE GR IS IE IL IT LI LU MT MC NL NZ NO PT SM ES SE CH TR GB US VA",
}

COUNTRY_TO_GROUP: dict[str, str] = {
    country: group for group, members in _MEMBERS.items() for country in members.split()
}

#: UN member states and observer states, the set the demo draws its countries from.
UN_COUNTRIES: list[str] = sorted(c for c in COUNTRY_TO_GROUP if c not in {"HK", "MO", "TW", "PR"})


def regional_group_code(country: str | None) -> str | None:
    """The code of the UN regional group a country belongs to, or None."""
    if not country:
        return None
    return COUNTRY_TO_GROUP.get(str(country).upper())


def regional_group_code_for(*, stakeholder_group: str | None, country: str | None) -> str | None:
    """A person's regional group: IGO staff count as Intergovernmental Organizations, everyone
    else by their country."""
    if stakeholder_group == "igo":  # StakeholderGroup.INTERGOVERNMENTAL
        return INTERGOVERNMENTAL
    return regional_group_code(country)


def regional_group_expression(prefix: str = "") -> Case:
    """The SQL form of :func:`regional_group_code_for`, for a model with ``stakeholder_group`` and
    ``country`` fields reached through ``prefix`` (such as ``"organizers__"``): the same rule, so
    that a filter and a count in Python never put one person in two groups."""
    igo = When(
        **{f"{prefix}stakeholder_group__code": "igo"},  # StakeholderGroup.INTERGOVERNMENTAL
        then=Value(INTERGOVERNMENTAL),
    )
    by_country = [
        When(**{f"{prefix}country__in": members.split()}, then=Value(group))
        for group, members in _MEMBERS.items()
    ]
    return Case(igo, *by_country, default=Value(None), output_field=CharField())


def annotate_regional_group(qs: QuerySet, prefix: str = "", name: str = "regional_group_code"):
    """``qs`` with each row's regional group code (or None) as ``name``."""
    return qs.annotate(**{name: regional_group_expression(prefix)})
