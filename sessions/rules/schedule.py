"""Predicates for the secretariat's side of the programme: the grid, the scheduler, the draft and
publishing. Forum predicates take ``(user, forum)``."""

from __future__ import annotations

import rules

from forum.rules import is_secretariat

can_manage_programme = is_secretariat

rules.add_perm("programme.manage_programme", can_manage_programme)
