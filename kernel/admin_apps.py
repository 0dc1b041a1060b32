from django.contrib.admin.apps import AdminConfig


class HallMarkAdminConfig(AdminConfig):
    """Django's admin, opened only to administrators (see kernel.admin_site)."""

    default_site = "kernel.admin_site.HallMarkAdminSite"
