from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def home_upcoming_duties(request) -> dict:
    """The home page's "Duties to come", supplied to staffmgmt's home view."""
    from django.urls import reverse

    from roster import selectors

    if not request.user.is_authenticated:
        return {}
    return {
        "upcoming_duties": list(selectors.upcoming_duty_list(user=request.user, days=30)),
        "my_duties_url": reverse("roster:my-duties"),
    }


def home_inbox(request) -> dict:
    """The roster's groups of the manager's home inbox (staffmgmt merges every app's)."""
    from roster import selectors

    if not request.user.is_authenticated:
        return {}
    return {"inbox": selectors.manager_inbox_list(user=request.user)}


def unread_notices(user):
    """The menu badge: the unread duty notices, counted with the other badges (kernel.nav)."""
    from roster import selectors

    return selectors.notification_unread_list(user=user)


class RosterConfig(AppConfig):
    name = "roster"
    verbose_name = _("Duty rosters")

    def ready(self) -> None:
        from kernel.nav import NavItem, navigation
        from roster.demo import build_roster_demo
        from roster.scheduled import register_scheduled
        from roster.selectors.on_duty import on_duty_at_unscoped
        from roster.services.assignments import assignment_flag_for_absence
        from roster.services.comp_time import comp_time_check_balance
        from roster.services.generation_jobs import register_generation_job
        from roster.services.leave_warnings import duty_warnings_for_absences
        from staffmgmt import extensions as staff_extensions

        # Leave approved over a published duty flags it and proposes a replacement.
        staff_extensions.absence_approved.register(assignment_flag_for_absence)
        # ... and before that, the approver is told which duties the leave takes.
        staff_extensions.absence_approval_warnings.register(duty_warnings_for_absences)
        # Compensatory time is limited by the balance, whichever way it is requested.
        staff_extensions.absence_request_validators.register(comp_time_check_balance)
        # staffmgmt's home shows the duties to come without importing roster.
        staff_extensions.home_context.register(home_upcoming_duties)
        # ... and a manager's inbox: duties needing a replacement, swaps, holidays.
        staff_extensions.home_context.register(home_inbox)
        # `seed_demo` fills the demo hall's rosters without staffmgmt importing roster.
        staff_extensions.demo_builders.register(build_roster_demo)
        # Who is on duty now (feedback names the person serving a window) without
        # staffmgmt or feedback importing roster.
        staff_extensions.on_duty_now.register(on_duty_at_unscoped)
        # Generation runs as a background job; the holiday-duty warning runs daily (cron).
        register_generation_job()
        register_scheduled()

        for item in (
            NavItem(key="rosters", label=_("Rosters"), url_name="roster:roster-list", order=70),
            NavItem(key="checkin", label=_("Check in"), url_name="roster:checkin", order=80),
            NavItem(key="swaps", label=_("Swaps"), url_name="roster:swap-list", order=90),
            NavItem(key="comp-time", label=_("Comp time"), url_name="roster:comp-time", order=100),
            NavItem(
                key="notices",
                label=_("Notices"),
                url_name="roster:notifications",
                order=110,
                badge=unread_notices,
                element_id="nav-notices",
            ),
        ):
            navigation.register(item)
