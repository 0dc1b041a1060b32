from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from dashboards import panels  # noqa: F401  (registers the built-in panels)
        from dashboards.scheduled import register_scheduled
        from dashboards.sources import (  # noqa: F401  (each registers its panels)
            assessment,
            feedback,
            integrity,
            windows,
        )
        from kernel.nav import NavItem, navigation

        # The monthly report is written by cron's monthly run, as a background job.
        register_scheduled()
        navigation.register(
            NavItem(key="dashboards", label=_("Dashboards"), url_name="dashboards:home", order=120)
        )
