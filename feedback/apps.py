from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Taxpayer feedback")

    def ready(self) -> None:
        from feedback.demo import build_feedback_demo
        from feedback.scheduled import register_scheduled
        from kernel.nav import NavItem, navigation
        from kernel.roles import Role
        from staffmgmt import extensions as staff_extensions

        # `seed_demo` gives the demo hall its ratings and suggestion book.
        staff_extensions.demo_builders.register(build_feedback_demo)
        # The three-working-day deadlines are reminded daily (cron: run_scheduled_jobs daily).
        register_scheduled()
        for item in (
            NavItem(
                key="feedback",
                label=_("Feedback"),
                url_name="feedback:inbox",
                order=120,
            ),
            NavItem(
                key="rating-cards",
                label=_("Rating cards"),
                url_name="feedback:window-list",
                order=130,
                roles=frozenset({Role.MANAGER}),
            ),
        ):
            navigation.register(item)
