from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


# The menu badges return the rows to count; kernel.nav counts every badge of the page in
# one query.
def unread_notices(user):
    from integrity_files import selectors

    return selectors.notice_list(user=user).filter(read_at__isnull=True)


def open_proposals(user):
    from integrity_files import selectors

    return selectors.proposal_list(user=user)


class IntegrityFilesConfig(AppConfig):
    name = "integrity_files"
    verbose_name = _("Integrity files")

    def ready(self) -> None:
        from integrity_files import db
        from integrity_files.demo import build_integrity_demo
        from integrity_files.scheduled import register_scheduled
        from integrity_files.services import record_propose_for_conduct
        from kernel.backup import StagedField, import_staging
        from kernel.nav import NavItem, navigation
        from kernel.roles import Role
        from staffmgmt import extensions as staff_extensions

        # SQLite triggers of migration 0002 call a function registered per connection.
        db.connect()
        # `seed_demo` fills the demo hall's integrity files without staffmgmt importing us.
        staff_extensions.demo_builders.register(build_integrity_demo)
        # A confirmed or dismissed record refuses new evidence (migration 0002): a restore
        # inserts records as drafts, then their evidence, then sets their status.
        import_staging.register(
            StagedField(
                model="integrity_files.integrityrecord", field="status", loading_value="draft"
            )
        )
        # Late check-ins (roster) and verified complaints (feedback) arrive as proposals.
        staff_extensions.conduct_event.register(record_propose_for_conduct)
        # The reminders run as scheduled jobs (jobs.scheduled).
        register_scheduled()

        for item in (
            NavItem(
                key="integrity-file",
                label=_("My integrity file"),
                url_name="integrity_files:mine",
                order=120,
                badge=unread_notices,
                roles=frozenset({Role.CADRE}),
            ),
            NavItem(
                key="integrity-files",
                label=_("Integrity files"),
                url_name="integrity_files:file-list",
                order=125,
                roles=frozenset({Role.INTEGRITY_OFFICER, Role.LEADERSHIP}),
            ),
            NavItem(
                key="integrity-objections",
                label=_("Objections"),
                url_name="integrity_files:objection-list",
                order=126,
                roles=frozenset({Role.INTEGRITY_OFFICER}),
            ),
            NavItem(
                key="integrity-proposals",
                label=_("Proposed records"),
                url_name="integrity_files:proposal-list",
                order=128,
                badge=open_proposals,
                roles=frozenset({Role.INTEGRITY_OFFICER}),
            ),
            NavItem(
                key="integrity-summary",
                label=_("Integrity summary"),
                url_name="integrity_files:summary",
                order=127,
                roles=frozenset({Role.MANAGER, Role.INTEGRITY_OFFICER, Role.LEADERSHIP}),
            ),
        ):
            navigation.register(item)
