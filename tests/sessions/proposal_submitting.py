"""Helpers of the proposal service tests: submit through the service and read its errors."""

from __future__ import annotations

from sessions.models import Proposal
from sessions.services.proposals import proposal_submit
from tests.sessions.proposal_data import DURING_CALL, Setup


def submit(setup: Setup, data=None, by=None, **kwargs) -> Proposal:
    return proposal_submit(
        forum=setup.forum,
        by=by or setup.organizer,
        data=data or setup.data(),
        now=kwargs.pop("now", DURING_CALL),
        **kwargs,
    )


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict
