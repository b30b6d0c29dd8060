"""Permissions of the sessions app as named predicates, one module per stage.

django-rules autodiscovers ``sessions.rules``; importing the modules registers their permissions.
"""

from sessions.rules import programme, proposals, public_programme, review, schedule  # noqa: F401
