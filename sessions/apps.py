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
        from forum import demo
        from forum.sections import ForumSection, register
        from sessions import signals  # noqa: F401 - connects the receivers

        def signed_in(request, forum) -> dict | None:
            return {} if request.user.is_authenticated else None

        def reviewers(request, forum) -> dict | None:
            if not request.user.is_authenticated:
                return None
            return {} if request.user.has_perm("programme.see_review_results", forum) else None

        register(
            ForumSection(
                key="proposals",
                template="sessions/proposals/_forum_section.html",
                order=10,
                context=signed_in,
            )
        )
        register(
            ForumSection(
                key="review",
                template="sessions/review/_forum_section.html",
                order=20,
                context=reviewers,
            )
        )
        demo.register_step("sessions.demo.proposals.seed", order=10)
        demo.register_step("sessions.demo.review.seed", order=20)
