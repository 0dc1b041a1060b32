from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def open_feedback_count(user) -> int:
    """The menu badge: entries and follow-ups waiting in the user's inbox."""
    from feedback import selectors

    return selectors.entry_inbox(user=user).count() + selectors.follow_up_inbox(user=user).count()


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Taxpayer feedback")

    def ready(self) -> None:
        from feedback.demo import build_feedback_demo
        from kernel.nav import NavItem, navigation
        from kernel.roles import Role
        from staffmgmt import extensions as staff_extensions

        # `seed_demo` gives the demo hall its ratings and suggestion book.
        staff_extensions.demo_builders.register(build_feedback_demo)
        for item in (
            NavItem(
                key="feedback",
                label=_("Feedback"),
                url_name="feedback:inbox",
                order=120,
                badge=open_feedback_count,
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
