from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    """Participants: registration, approval, badges, check-in, capacity, statistics."""

    name = "registration"
    verbose_name = _("Registration")

    def ready(self) -> None:
        from forum import demo
        from forum.sections import ForumSection, register

        def registration_section(request, forum) -> dict | None:
            from registration.selectors.sections import registration_section_for

            return registration_section_for(forum=forum, viewer=request.user)

        register(
            ForumSection(
                key="registration",
                template="registration/_forum_section.html",
                order=20,
                context=registration_section,
            )
        )
        demo.register_step("registration.demo.seed", order=30)

        from sessions.selectors.public_programme import SessionPanel, register_session_panel

        def seat_panel(session, viewer) -> dict | None:
            from registration.selectors.sections import seat_panel_for

            return seat_panel_for(session=session, viewer=viewer)

        def seat_stamp(panel) -> str:
            from registration.selectors.sections import seat_panel_stamp

            return seat_panel_stamp(panel=panel)

        register_session_panel(
            SessionPanel(
                key="registration",
                template="registration/_session_panel.html",
                context=seat_panel,
                stamp=seat_stamp,
                order=10,
            )
        )
