from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from dashboards import panels  # noqa: F401  (registers the built-in panels)
        from kernel.nav import NavItem, navigation

        navigation.register(
            NavItem(key="dashboards", label=_("Dashboards"), url_name="dashboards:home", order=120)
        )
