from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forums")


class PlenariaAdminConfig(AdminConfig):
    """The admin site, opened to the secretariat (see :class:`forum.admin_site.PlenariaAdminSite`)."""

    default_site = "forum.admin_site.PlenariaAdminSite"
