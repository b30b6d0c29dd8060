"""Models of the sessions app (label ``programme``), one module per stage of a session's life."""

from sessions.models.call import CallForProposals, SessionFormat, SessionType
from sessions.models.programme import SESSION_LANGUAGES, Bookmark, CalendarFeed, Session
from sessions.models.proposals import (
    PROPOSAL_FIELDS,
    PolicyQuestion,
    Proposal,
    ProposalOrganizer,
    ProposalPerson,
)
from sessions.models.review import *  # noqa: F403 - review stage (sessions.models.review)
from sessions.models.schedule import (
    BlockedPeriod,
    DraftPlacement,
    PersonUnavailability,
    ProgrammeDay,
    ProgrammeVersion,
    RoomAvailability,
    SchedulerSettings,
    ScheduleRun,
)

__all__ = [
    "PROPOSAL_FIELDS",
    "SESSION_LANGUAGES",
    "BlockedPeriod",
    "Bookmark",
    "CalendarFeed",
    "DraftPlacement",
    "PersonUnavailability",
    "ProgrammeDay",
    "ProgrammeVersion",
    "RoomAvailability",
    "SchedulerSettings",
    "ScheduleRun",
    "CallForProposals",
    "PolicyQuestion",
    "Proposal",
    "ProposalOrganizer",
    "ProposalPerson",
    "Session",
    "SessionFormat",
    "SessionType",
]
