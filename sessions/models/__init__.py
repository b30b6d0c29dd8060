"""Models of the sessions app (label ``programme``), one module per stage of a session's life."""

from sessions.models.call import CallForProposals, SessionFormat, SessionType
from sessions.models.decisions import PLACEHOLDERS, Decision, NotificationTemplate, Outcome
from sessions.models.programme import SESSION_LANGUAGES, Bookmark, CalendarFeed, Session
from sessions.models.proposals import (
    PROPOSAL_FIELDS,
    PolicyQuestion,
    Proposal,
    ProposalOrganizer,
    ProposalPerson,
)
from sessions.models.review import (
    LowScoreReason,
    Review,
    ReviewAssignment,
    ReviewConflict,
    ReviewCriterion,
    ReviewerTheme,
    ReviewReminder,
    ReviewScore,
    ReviewSettings,
)
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
    "PLACEHOLDERS",
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
    "Decision",
    "LowScoreReason",
    "NotificationTemplate",
    "Outcome",
    "PolicyQuestion",
    "Proposal",
    "ProposalOrganizer",
    "ProposalPerson",
    "Review",
    "ReviewAssignment",
    "ReviewConflict",
    "ReviewCriterion",
    "ReviewReminder",
    "ReviewScore",
    "ReviewSettings",
    "ReviewerTheme",
    "Session",
    "SessionFormat",
    "SessionType",
]
