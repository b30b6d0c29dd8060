from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Session reports: each session's short and full report, drafted by its rapporteur from
    what the platform knows, approved by the secretariat and published."""

    name = "reports"
    verbose_name = _("Session reports")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from forum import demo
        from forum.sections import ForumSection, register
        from reports import signals
        from sessions.models import Session
        from sessions.selectors.proposal_flags import register_proposal_flag
        from sessions.selectors.public_programme import SessionPanel, register_session_panel
        from sessions.services.programme_publish import programme_published

        post_save.connect(signals.session_saved, sender=Session, dispatch_uid="reports.session")
        programme_published.connect(
            signals.programme_published, dispatch_uid="reports.programme_published"
        )

        def panel_context(session, viewer):
            from reports.selectors import published_reports

            reports = list(published_reports(session=session))
            return {"reports": reports, "session": session} if reports else None

        def panel_stamp(context) -> str:
            reports = context["reports"] if context else []
            return ",".join(f"{report.pk}.{report.revision}" for report in reports)

        register_session_panel(
            SessionPanel(
                key="reports",
                template="reports/_session_panel.html",
                context=panel_context,
                stamp=panel_stamp,
                order=50,
            )
        )

        def forum_section(request, forum):
            from reports.rules import can_manage_reports
            from reports.selectors import reports_for_author

            manage = can_manage_reports.test(request.user, forum)
            mine = reports_for_author(forum=forum, viewer=request.user) if not manage else []
            if not manage and not mine:
                return None
            return {"forum": forum, "manage": manage, "mine": mine}

        register(
            ForumSection(
                key="reports",
                template="reports/_forum_section.html",
                order=60,
                context=forum_section,
            )
        )

        def overdue_flag(proposal):
            from django.utils.translation import ngettext

            from reports.selectors import overdue_reports_of_organizer

            overdue = overdue_reports_of_organizer(proposal=proposal)
            if not overdue:
                return None
            titles = ", ".join(sorted({r.session.title for r in overdue}))
            return ngettext(
                "An organizer has an overdue report from the previous edition: %(sessions)s.",
                "An organizer has %(count)d overdue reports from the previous edition: "
                "%(sessions)s.",
                len(overdue),
            ) % {"count": len(overdue), "sessions": titles}

        register_proposal_flag("reports.overdue", overdue_flag)
        demo.register_step("reports.demo.seed", order=60)
