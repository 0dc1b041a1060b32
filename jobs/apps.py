from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Background jobs: the record the product owns of each long or scheduled piece of work.

    Sits directly above the kernel, below every domain app, so staffmgmt, roster and the
    apps to come can all run work as jobs (ADR 0006). What it must know of the org tree
    (which units a user manages) it asks through `jobs.extensions.managed_unit_ids`.
    """

    name = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from jobs import probe, scheduled
        from kernel.nav import NavItem, navigation
        from kernel.roles import Role

        probe.register()
        scheduled.register_builtin()
        # Those who start long work (a roster generation) or watch their units' jobs; a
        # cadre starts none, and his menu stays short on a phone.
        navigation.register(
            NavItem(
                key="jobs",
                label=_("Jobs"),
                url_name="jobs:job-list",
                order=75,
                roles=frozenset({Role.MANAGER, Role.LEADERSHIP}),
            )
        )
