"""Admin of the sessions app, one module per stage (autodiscovered as ``sessions.admin``)."""

from sessions.admin import call, programme, proposals, review, schedule  # noqa: F401
