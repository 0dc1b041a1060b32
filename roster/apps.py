from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterConfig(AppConfig):
    name = "roster"
    verbose_name = _("Duty rosters")

    def ready(self) -> None:
        from roster.services.assignments import assignment_flag_for_absence
        from staffmgmt.services import absence_approved_hooks

        # Leave approved over a published duty flags it and proposes a replacement.
        if assignment_flag_for_absence not in absence_approved_hooks:
            absence_approved_hooks.append(assignment_flag_for_absence)
