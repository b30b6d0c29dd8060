"""Models of the sessions app (label ``programme``), one module per stage of a session's life."""

from sessions.models.call import CallForProposals, SessionFormat, SessionType
from sessions.models.programme import Session
from sessions.models.proposals import PolicyQuestion, Proposal, ProposalOrganizer, ProposalPerson

__all__ = [
    "CallForProposals",
    "PolicyQuestion",
    "Proposal",
    "ProposalOrganizer",
    "ProposalPerson",
    "Session",
    "SessionFormat",
    "SessionType",
]
