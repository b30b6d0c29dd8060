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
                key="programme",
                template="sessions/programme/_forum_section.html",
                order=5,
                # Always linked: the programme page itself says when nothing is published yet.
                context=lambda request, forum: {},
            )
        )
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

        def secretariat(request, forum) -> dict | None:
            return {} if request.user.has_perm("forum.manage_forum", forum) else None

        register(
            ForumSection(
                key="settings",
                template="sessions/settings/_forum_section.html",
                order=90,
                context=secretariat,
            )
        )
        from forum.models import ForumPhase
        from forum.sections import register_phase_condition
        from sessions.selectors.public_programme import has_published_programme

        # "Programme published" is current only once a version of the programme exists.
        register_phase_condition(ForumPhase.Kind.PROGRAMME, has_published_programme)

        def programme_desk(request, forum) -> dict | None:
            if not request.user.is_authenticated:
                return None
            return {} if request.user.has_perm("programme.manage_programme", forum) else None

        register(
            ForumSection(
                key="programme_desk",
                template="sessions/schedule/_forum_section.html",
                order=25,
                context=programme_desk,
            )
        )
        demo.register_step("sessions.demo.proposals.seed", order=10)
        demo.register_step("sessions.demo.review.seed", order=20)
        demo.register_step("sessions.demo.programme.seed", order=25)
        demo.register_step("sessions.demo.live_now.seed", order=22)
