from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    """A session's life before it happens: proposals, review, decisions, the programme.

    ``django.contrib.sessions`` owns the label ``sessions``, so ours is ``programme``.
    """

    name = "sessions"
    label = "programme"
    verbose_name = _("Sessions and programme")

    def ready(self) -> None:
        from sessions import signals  # noqa: F401 - connects the receivers
