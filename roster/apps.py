from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def home_upcoming_duties(request) -> dict:
    """The home page's "Duties to come", supplied to staffmgmt's home view."""
    from django.urls import reverse

    from roster import selectors

    if not request.user.is_authenticated:
        return {}
    return {
        "upcoming_duties": list(selectors.upcoming_duties(request.user, days=30)),
        "my_duties_url": reverse("roster:my-duties"),
    }


class RosterConfig(AppConfig):
    name = "roster"
    verbose_name = _("Duty rosters")

    def ready(self) -> None:
        from roster.demo import build_roster_demo
        from roster.services.assignments import assignment_flag_for_absence
        from roster.services.comp_time import comp_time_check_balance
        from staffmgmt.demo import demo_builders
        from staffmgmt.services import absence_approved_hooks, absence_request_validators
        from staffmgmt.views.home import home_context_providers

        # Leave approved over a published duty flags it and proposes a replacement.
        if assignment_flag_for_absence not in absence_approved_hooks:
            absence_approved_hooks.append(assignment_flag_for_absence)
        # Compensatory time is limited by the balance, whichever way it is requested.
        if comp_time_check_balance not in absence_request_validators:
            absence_request_validators.append(comp_time_check_balance)
        # staffmgmt's home shows the duties to come without importing roster.
        if home_upcoming_duties not in home_context_providers:
            home_context_providers.append(home_upcoming_duties)
        # `seed_demo` fills the demo hall's rosters without staffmgmt importing roster.
        if build_roster_demo not in demo_builders:
            demo_builders.append(build_roster_demo)
