from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forums")

    def ready(self) -> None:
        from forum.validators import install_text_validators

        # Every model is loaded before any app is ready: all our text fields get the rules.
        install_text_validators()

        from forum.sections import ForumSection, register

        def outbox(request, forum) -> dict | None:
            # Only when something is wrong: the secretariat's mail that could not be sent.
            from forum.mail import failed_mails

            if not request.user.is_authenticated:
                return None
            failed = failed_mails(forum=forum, viewer=request.user)
            mails = list(failed[:20])
            if not mails:
                return None
            return {"mails": mails, "count": failed.count() if len(mails) == 20 else len(mails)}

        register(
            ForumSection(
                key="outbox", template="forum/_outbox_section.html", order=1, context=outbox
            )
        )


class PlenariaAdminConfig(AdminConfig):
    """The admin site, opened to the secretariat (see :class:`forum.admin_site.PlenariaAdminSite`)."""

    default_site = "forum.admin_site.PlenariaAdminSite"
