"""Admin of the sessions app, one module per stage (autodiscovered as ``sessions.admin``)."""

from sessions.admin import call, programme, proposals, review  # noqa: F401
