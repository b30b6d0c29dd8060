"""Filtering the published programme and laying it out: the filters of the programme pages,
days, "now and next" and the rooms grid. Pure functions of the cached entries (no queries)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

from sessions.selectors.public_programme import Entry

# --- Filters ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    theme: int | None = None
    subtheme: int | None = None
    type: str = ""
    room: int | None = None
    sdg: int | None = None
    wsis: str = ""
    language: str = ""
    mode: str = ""  # "online": can be followed online; "onsite": in the room only
    q: str = ""
    day: dt.date | None = None

    @property
    def active(self) -> bool:
        return any(getattr(self, f) for f in self.__dataclass_fields__)

    def key(self) -> str:
        return "|".join(f"{f}={getattr(self, f) or ''}" for f in self.__dataclass_fields__)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def filters_from(params) -> Filters:
    """Filters from a query string; anything malformed is ignored rather than an error."""
    day = None
    if params.get("day"):
        try:
            day = dt.date.fromisoformat(params["day"])
        except ValueError:
            day = None
    mode = params.get("mode", "")
    return Filters(
        theme=_int(params.get("theme")),
        subtheme=_int(params.get("subtheme")),
        type=params.get("type", "")[:40],
        room=_int(params.get("room")),
        sdg=_int(params.get("sdg")),
        wsis=params.get("wsis", "")[:4].upper(),
        language=params.get("language", "")[:5],
        mode=mode if mode in {"online", "onsite"} else "",
        q=" ".join(params.get("q", "").split())[:200],
        day=day,
    )


def _matches(entry: Entry, f: Filters, zone: dt.tzinfo) -> bool:
    checks: list[Callable[[], bool]] = [
        lambda: f.theme is None or entry.theme_id == f.theme,
        lambda: f.subtheme is None or entry.subtheme_id == f.subtheme,
        lambda: not f.type or entry.session_type_code == f.type,
        lambda: f.room is None or entry.room_id == f.room,
        lambda: f.sdg is None or f.sdg in entry.sdgs,
        lambda: not f.wsis or f.wsis in entry.wsis,
        lambda: not f.language or entry.language == f.language,
        lambda: not f.mode or entry.online == (f.mode == "online"),
        lambda: f.day is None or entry.starts_at.astimezone(zone).date() == f.day,
        lambda: not f.q or all(word in entry.search_text for word in f.q.casefold().split()),
    ]
    return all(check() for check in checks)


def filter_entries(entries: Iterable[Entry], filters: Filters, *, zone: dt.tzinfo) -> list[Entry]:
    """The entries that pass every filter (days are days in ``zone``)."""
    return [e for e in entries if _matches(e, filters, zone)]


def days_of(entries: Iterable[Entry], *, zone: dt.tzinfo) -> list[tuple[dt.date, list[Entry]]]:
    """The entries grouped by their day in ``zone``, in order."""
    days: dict[dt.date, list[Entry]] = {}
    for e in entries:
        days.setdefault(e.starts_at.astimezone(zone).date(), []).append(e)
    return sorted(days.items())


def now_and_next(
    entries: Iterable[Entry], *, now: dt.datetime | None = None, zone: dt.tzinfo
) -> tuple[list[Entry], list[Entry]]:
    """Sessions running now, and those starting next (the next start time on the same day in
    ``zone``), none of them cancelled."""
    now = now or timezone.now()
    today = now.astimezone(zone).date()
    live = [e for e in entries if not e.is_cancelled]
    running = [e for e in live if e.starts_at <= now < e.ends_at]
    later = [e for e in live if e.starts_at > now and e.starts_at.astimezone(zone).date() == today]
    if not later:
        return running, []
    first = min(e.starts_at for e in later)
    return running, [e for e in later if e.starts_at == first]


# --- Rooms grid ---------------------------------------------------------------------------------


def grid_of(
    entries: list[Entry], rooms: list[tuple[int, str]], *, zone: dt.tzinfo
) -> list[tuple[dt.datetime, list[list[Entry]]]]:
    """One day's entries as rows of start times, each with a cell per room (in ``rooms``'
    order): the sessions of that room starting at that time."""
    by_start: dict[dt.datetime, dict[int, list[Entry]]] = {}
    for e in entries:
        by_start.setdefault(e.starts_at, {}).setdefault(e.room_id, []).append(e)
    return [
        (start.astimezone(zone), [cells.get(room_id, []) for room_id, _ in rooms])
        for start, cells in sorted(by_start.items())
    ]
