"""The demo calls' session types, call settings and the words its generated proposals are made
of (``sessions.demo.proposals`` uses them; ``bench/schedule_solve.py`` reads the IGF types)."""

import datetime as dt
from dataclasses import dataclass

from forum.models import StakeholderGroup
from sessions.demo import seed_records as records
from sessions.models import SessionFormat

F = SessionFormat
GOV, IGO = StakeholderGroup.GOVERNMENT, StakeholderGroup.INTERGOVERNMENTAL
CIVIL, TECH = StakeholderGroup.CIVIL_SOCIETY, StakeholderGroup.TECHNICAL


@dataclass(frozen=True)
class TypeSpec:
    code: str
    name: str
    durations: list[int]
    formats: list[str]
    min_speakers: int
    max_speakers: int
    share: int  # relative number of proposals
    groups: tuple[str, ...] = ()
    #: The type's own deadline, in days from the call's closing time (None: the call's).
    deadline_days: int | None = None


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


IGF_TYPES = [
    TypeSpec(
        "workshop",
        "Workshop",
        [60, 90],
        [F.ROUNDTABLE, F.PANEL, F.BIRDS_OF_A_FEATHER, F.BREAKOUT, F.DEBATE, F.FISHBOWL],
        3,
        6,
        40,
    ),
    TypeSpec(
        "open-forum",
        "Open Forum",
        [60],
        [F.ROUNDTABLE, F.PANEL, F.BIRDS_OF_A_FEATHER, F.PRESENTATION],
        2,
        8,
        12,
        (GOV, IGO),
    ),
    TypeSpec("town-hall", "Town Hall", [60], [F.TOWN_HALL, F.DEBATE, F.FISHBOWL], 2, 8, 6),
    TypeSpec(
        "lightning-talk",
        "Lightning Talk",
        [20],
        [F.PRESENTATION],
        1,
        2,
        10,
        deadline_days=-15,
    ),
    TypeSpec("launch-award", "Launch/Award", [30], [F.PRESENTATION, F.PANEL], 1, 4, 5),
    TypeSpec(
        "networking",
        "Networking Session",
        [30, 60],
        [F.BIRDS_OF_A_FEATHER, F.BREAKOUT, F.OTHER],
        1,
        5,
        6,
    ),
    TypeSpec(
        "dynamic-coalition",
        "Dynamic Coalition session",
        [60, 90],
        [F.ROUNDTABLE, F.PANEL, F.BIRDS_OF_A_FEATHER],
        2,
        6,
        6,
    ),
    TypeSpec("nri", "NRI session", [60, 90], [F.ROUNDTABLE, F.PANEL], 2, 8, 6),
    TypeSpec(
        "day-0",
        "Day 0 event",
        [30, 60, 75, 90, 120],
        [],
        1,
        10,
        6,
        deadline_days=15,
    ),
    TypeSpec("main-session", "Main session", [90], [F.ROUNDTABLE, F.PANEL, F.DEBATE], 3, 10, 1),
]
WSIS_TYPES = [
    TypeSpec(
        "thematic-workshop",
        "Thematic workshop",
        [45, 60],
        [F.ROUNDTABLE, F.PANEL, F.DEBATE],
        0,
        8,
        6,
    ),
    TypeSpec(
        "country-workshop", "Country workshop", [45, 60], [F.PRESENTATION, F.PANEL], 2, 6, 3, (GOV,)
    ),
    TypeSpec("high-level-dialogue", "High-level dialogue", [45], [F.PANEL, F.DEBATE], 3, 8, 2),
    TypeSpec(
        "action-line-facilitation",
        "Action line facilitation meeting",
        [90, 120],
        [F.ROUNDTABLE, F.PANEL],
        2,
        10,
        2,
        (IGO,),
    ),
]

#: Each call opens at 08:00 UTC on the first day of the forum's call phase and closes at these
#: times on its last day.
IGF_CALL = {
    "closes": dt.time(21, 59),
    # The GovStack record's description has 762 words.
    "description_word_limit": 800,
    "guidance": "Proposals are screened against the minimum criteria below, then reviewed by the MAG.",
}
WSIS_CALL = {
    "closes": dt.time(22, 59),
    "description_word_limit": 1000,
    "mag_may_submit": True,
    "require_moderators": False,
    "min_confirmed_speakers": 2,
    "require_onsite_presence": False,
    "require_previous_report": False,
}

TOPICS = [
    "meaningful connectivity in rural areas",
    "AI governance and the Global Digital Compact",
    "digital public infrastructure",
    "child online safety",
    "Internet fragmentation",
    "data flows with trust",
    "cybersecurity capacity building",
    "multilingual Internet and local content",
    "digital inclusion of persons with disabilities",
    "community networks",
    "climate and the environmental footprint of ICTs",
    "the WSIS+20 review",
    "youth participation in Internet governance",
    "gender and the digital divide",
    "content moderation and human rights",
]
ANGLES = [
    "Lessons from",
    "Rethinking",
    "Financing",
    "Measuring",
    "Scaling",
    "Governing",
    "Regional perspectives on",
]
INELIGIBLE_REASON = "The proposal does not meet these minimum criteria: %(criteria)s."

REAL_RECORD_REASONS = {
    records.GOVSTACK_TITLE: "Held online by design; the interaction plan brings the participants in "
    "the room into the online discussion.",
    records.WSIS537_TITLE: "A joint open consultation of ESCAP, ITU and CSTD; the speakers are "
    "announced with the agenda.",
}
