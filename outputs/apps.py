from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutputsConfig(AppConfig):
    """The forum's outputs compiled from its session reports: the Messages, the chair's summary
    and the WSIS outcome document, built by Celery as HTML, PDF and DOCX, with a comment round."""

    name = "outputs"
    verbose_name = _("Forum outputs")

    def ready(self) -> None:
        from forum import demo
        from forum.sections import ForumSection, register

        def outputs_section(request, forum) -> dict | None:
            from outputs.selectors import forum_outputs_section

            return forum_outputs_section(forum=forum, viewer=request.user)

        register(
            ForumSection(
                key="outputs",
                template="outputs/_forum_section.html",
                order=70,
                context=outputs_section,
            )
        )
        demo.register_step("outputs.demo.seed", order=70)
