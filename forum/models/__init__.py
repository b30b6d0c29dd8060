"""The core of Plenaria: people, taxonomies, forums (editions), their phases, themes, rooms and roles,
and the mail outbox; one module per concern, all importable from ``forum.models``."""

from forum.models.accounts import User, UserManager
from forum.models.forums import (
    Forum,
    ForumPhase,
    ForumRole,
    Room,
    Theme,
    acronym_validator,
    validate_timezone,
)
from forum.models.mail import QueuedMail
from forum.models.taxonomies import (
    SDG,
    RegionalGroup,
    StakeholderGroup,
    Taxonomy,
    TaxonomyManager,
    WSISActionLine,
)

__all__ = [
    "SDG",
    "Forum",
    "ForumPhase",
    "ForumRole",
    "QueuedMail",
    "RegionalGroup",
    "Room",
    "StakeholderGroup",
    "Taxonomy",
    "TaxonomyManager",
    "Theme",
    "User",
    "UserManager",
    "WSISActionLine",
    "acronym_validator",
    "validate_timezone",
]
