from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranscriptsConfig(AppConfig):
    """The record: captions and transcripts (session reports and compilations come next)."""

    name = "transcripts"
    verbose_name = _("Transcripts and reports")

    def ready(self) -> None:
        from forum import demo, routing
        from forum.sections import ForumSection, register

        def transcripts_section(request, forum) -> dict:
            from transcripts.selectors import forum_transcript_summary

            return forum_transcript_summary(forum=forum, viewer=request.user)

        register(
            ForumSection(
                key="transcripts",
                template="transcripts/_forum_section.html",
                order=40,
                context=transcripts_section,
            )
        )
        routing.register("transcripts.routing.websocket_urlpatterns")
        demo.register_step("transcripts.demo.seed", order=50)
