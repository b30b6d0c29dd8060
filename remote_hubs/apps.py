from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemoteHubsConfig(AppConfig):
    """Remote hubs and everything live: the live room's chat, Q&A, polls and presence."""

    name = "remote_hubs"
    verbose_name = _("Remote hubs and live rooms")

    def ready(self) -> None:
        from forum import demo, routing
        from forum.sections import ForumSection, register
        from remote_hubs import signals  # noqa: F401 - connects the receivers
        from remote_hubs.personal_data import register as register_personal_data

        register_personal_data()

        def live_section(request, forum) -> dict:
            from remote_hubs.selectors import live_session_count

            return {"session_count": live_session_count(forum=forum, viewer=request.user)}

        register(
            ForumSection(
                key="live",
                template="remote_hubs/_forum_section.html",
                order=30,
                context=live_section,
            )
        )
        routing.register("remote_hubs.routing.websocket_urlpatterns")
        demo.register_step("remote_hubs.demo.seed", order=40)
