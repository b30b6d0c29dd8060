from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemoteHubsConfig(AppConfig):
    """Remote hubs and everything live: the live room's chat, Q&A, polls and presence."""

    name = "remote_hubs"
    verbose_name = _("Remote hubs and live rooms")
