"""Counts of registration and attendance: for the registration desk, the secretariat's
statistics page, and the public one (aggregates only, groups under five people hidden)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext as _
from django_countries import countries

from forum import regions
from forum.models import Forum, StakeholderGroup
from registration.models import CheckIn, Gender, Registration

#: The registrations statistics count: those that hold a place.
COUNTED = (Registration.Status.PENDING, Registration.Status.APPROVED)


def checkins_per_day(*, forum: Forum) -> list[tuple[dt.date, int, int]]:
    """(day, badges collected that day, people checked in that day), by day. A badge is
    collected at its first check-in."""
    base = CheckIn.objects.filter(registration__forum=forum).order_by()
    checked = dict(base.values("day").annotate(n=Count("pk")).values_list("day", "n"))
    collected = Counter(
        base.values("registration_id").annotate(first=Min("day")).values_list("first", flat=True)
    )
    return [(day, collected.get(day, 0), checked[day]) for day in sorted(checked)]


#: The smallest group the public page shows: a smaller one could point at a person.
PUBLIC_MINIMUM = 5


@dataclass
class Breakdown:
    key: str
    title: str
    #: (label, registrations, attended): attended is None where it is hidden.
    rows: list[tuple[str, int, int | None]]
    hidden_groups: int = 0


@dataclass
class Statistics:
    total: int
    attended: int
    breakdowns: list[Breakdown] = field(default_factory=list)
    over_time: Breakdown | None = None


def _counted(forum: Forum):
    """Registrations that count: pending and approved, with whether the person came (a
    check-in) and their regional group by the one rule (forum.regions)."""
    qs = Registration.objects.filter(forum=forum, status__in=COUNTED).order_by()
    qs = regions.annotate_regional_group(qs, prefix="user__")
    return qs.annotate(came=Exists(CheckIn.objects.filter(registration=OuterRef("pk"))))


def _group(qs, field_name: str) -> list[tuple[object, int, int]]:
    return [
        (row[field_name], row["n"], row["attended"])
        for row in qs.values(field_name)
        .annotate(n=Count("pk"), attended=Count("pk", filter=Q(came=True)))
        .order_by("-n", field_name)
    ]


def _suppress(rows: list[tuple[str, int, int | None]]) -> tuple[list, int]:
    """Groups under the minimum dropped; if only one would be dropped, the next smallest goes
    too, so that no hidden group can be worked out from the total."""
    small = [r for r in rows if r[1] < PUBLIC_MINIMUM]
    kept = [r for r in rows if r[1] >= PUBLIC_MINIMUM]
    if len(small) == 1 and kept:
        smallest = min(kept, key=lambda r: r[1])
        kept.remove(smallest)
        small.append(smallest)
    kept = [(label, n, a if a is None or a >= PUBLIC_MINIMUM else None) for label, n, a in kept]
    return kept, len(small)


def registration_statistics(*, forum: Forum, public: bool) -> Statistics:
    qs = _counted(forum)
    total = qs.count()
    attended = qs.filter(came=True).count()
    stakeholder = dict(StakeholderGroup.objects.values_list("code", "name"))
    region = dict(regions.REGIONAL_GROUPS)
    gender = dict(Gender.choices)
    attendance = dict(Registration.Attendance.choices)
    not_stated = _("Not stated")

    def label(mapping, value):
        return str(mapping.get(value, value)) if value else str(not_stated)

    mode_rows = []
    for value, n, a in _group(qs.filter(via_hub=False), "attendance"):
        mode_rows.append((label(attendance, value), n, a))
    hub = qs.filter(via_hub=True).aggregate(n=Count("pk"), a=Count("pk", filter=Q(came=True)))
    if hub["n"]:
        mode_rows.append((_("online, from a hub"), hub["n"], hub["a"]))
    breakdowns = [
        Breakdown(
            "stakeholder",
            _("By stakeholder group"),
            [
                (label(stakeholder, v), n, a)
                for v, n, a in _group(qs, "user__stakeholder_group__code")
            ],
        ),
        Breakdown(
            "region",
            _("By UN regional group"),
            [(label(region, v), n, a) for v, n, a in _group(qs, "regional_group_code")],
        ),
        Breakdown(
            "gender",
            _("By gender"),
            [
                (label(gender, v), n, a)
                for v, n, a in _group(qs.exclude(gender=Gender.SELF_DESCRIBED), "gender")
            ]
            + [
                (str(gender[Gender.SELF_DESCRIBED]), n, a)
                for _v, n, a in _group(qs.filter(gender=Gender.SELF_DESCRIBED), "gender")
            ],
        ),
        Breakdown(
            "country",
            _("By country"),
            [
                (str(countries.name(v)) if v else str(not_stated), n, a)
                for v, n, a in _group(qs, "user__country")
            ],
        ),
        Breakdown(
            "first_time",
            _("First-time participants"),
            [
                (_("First time") if v else _("Came before"), n, a)
                for v, n, a in _group(qs, "first_time")
            ],
        ),
        Breakdown("mode", _("Onsite, online and hubs"), mode_rows),
    ]
    weeks = (
        qs.annotate(week=TruncWeek("created_at", tzinfo=forum.tzinfo))
        .values("week")
        .annotate(n=Count("pk"), attended=Count("pk", filter=Q(came=True)))
        .order_by("week")
    )
    over_time = Breakdown(
        "over_time",
        _("Registrations by week"),
        [(row["week"].date().isoformat(), row["n"], row["attended"]) for row in weeks],
    )
    if public:
        for breakdown in [*breakdowns, over_time]:
            breakdown.rows, breakdown.hidden_groups = _suppress(breakdown.rows)
    return Statistics(total=total, attended=attended, breakdowns=breakdowns, over_time=over_time)


def publicly_listed(*, forum: Forum) -> list[tuple[str, str]]:
    """(name, organisation) of the approved participants who chose to be listed publicly: the
    only personal data shown outside the secretariat's pages."""
    return list(
        Registration.objects.filter(
            forum=forum, status=Registration.Status.APPROVED, public_listing=True
        )
        .order_by("user__name", "pk")
        .values_list("user__name", "user__organisation")
    )
