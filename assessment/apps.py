from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from assessment.demo import build_assessment_demo
        from assessment.providers import register_builtin_providers
        from kernel.nav import NavItem, navigation
        from kernel.roles import Role
        from staffmgmt import extensions as staff_extensions

        # Metrics of the apps below (roster, staffmgmt), read through their selectors.
        register_builtin_providers()
        # `seed_demo` adds a scheme and a period without staffmgmt importing assessment.
        staff_extensions.demo_builders.register(build_assessment_demo)

        for item in (
            NavItem(
                key="assessment",
                label=_("Assessment"),
                url_name="assessment:my-periods",
                order=120,
            ),
            NavItem(
                key="assessment-periods",
                label=_("Assessment periods"),
                url_name="assessment:period-list",
                order=125,
                roles=frozenset({Role.MANAGER, Role.LEADERSHIP}),
            ),
            NavItem(
                key="assessment-targets",
                label=_("Assessment targets"),
                url_name="assessment:target-tree",
                order=127,
                roles=frozenset({Role.MANAGER, Role.LEADERSHIP}),
            ),
        ):
            navigation.register(item)
