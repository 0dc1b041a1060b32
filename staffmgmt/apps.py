from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffmgmtConfig(AppConfig):
    name = "staffmgmt"
    verbose_name = _("Staff and posts")

    def ready(self) -> None:
        from kernel.nav import NavItem, navigation
        from kernel.roles import Role

        for item in (
            NavItem(key="home", label=_("Home"), url_name="home", order=10),
            NavItem(key="staff", label=_("Staff"), url_name="staff_list", order=20),
            NavItem(key="posts", label=_("Posts"), url_name="post_list", order=30),
            NavItem(key="leave", label=_("Leave"), url_name="absence_list", order=40),
            NavItem(
                key="coverage",
                label=_("Coverage gaps"),
                url_name="coverage_gaps",
                order=50,
                roles=frozenset({Role.MANAGER, Role.LEADERSHIP}),
            ),
            NavItem(key="calendar", label=_("Calendar"), url_name="calendar", order=60),
        ):
            navigation.register(item)
