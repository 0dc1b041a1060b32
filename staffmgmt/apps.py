from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def managed_unit_ids_of(user):
    from staffmgmt import selectors

    return selectors.managed_org_unit_list(user=user).values_list("pk", flat=True)


def request_log_unit(user) -> dict:
    """The signed-in user's unit for the request logs (kernel.logging)."""
    staff = getattr(user, "staff", None)  # an account without a staff row: no unit
    return {"unit_id": staff.unit_id} if staff is not None else {}


class StaffmgmtConfig(AppConfig):
    name = "staffmgmt"
    verbose_name = _("Staff and posts")

    def ready(self) -> None:
        from jobs.extensions import managed_unit_ids
        from kernel.logging import request_log_context
        from kernel.nav import NavItem, navigation
        from kernel.roles import Role

        # Managers of a unit see its jobs (a roster generation of their hall); jobs sits
        # below staffmgmt and asks here which units those are.
        managed_unit_ids.register(managed_unit_ids_of)
        # Request log lines name the user's unit.
        request_log_context.register(request_log_unit)

        for item in (
            NavItem(key="home", label=_("Home"), url_name="staffmgmt:home", order=10),
            NavItem(key="staff", label=_("Staff"), url_name="staffmgmt:staff_list", order=20),
            NavItem(key="posts", label=_("Posts"), url_name="staffmgmt:post_list", order=30),
            NavItem(key="leave", label=_("Leave"), url_name="staffmgmt:absence_list", order=40),
            NavItem(
                key="coverage",
                label=_("Coverage gaps"),
                url_name="staffmgmt:coverage_gaps",
                order=50,
                roles=frozenset({Role.MANAGER, Role.LEADERSHIP}),
            ),
            NavItem(key="calendar", label=_("Calendar"), url_name="staffmgmt:calendar", order=60),
        ):
            navigation.register(item)
