"""`manage.py seed_demo [--scale N]`: the demo hall, or N synthetic halls for benchmarks.

The building is in `staffmgmt.demo`; this command only reads its options and reports.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from staffmgmt import demo


class Command(BaseCommand):
    help = gettext_lazy(
        "Build the demo hall and its logins, or with --scale N, N synthetic halls for "
        "benchmarks. Safe to run again: existing rows are kept and nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help=gettext_lazy(
                "Build N synthetic halls (about 40 staff each) under one province bureau "
                "instead of the demo hall; halls that already exist are skipped."
            ),
        )

    def handle(self, *args, scale: int = 0, **options):
        if scale < 0:
            raise CommandError(_("--scale must not be negative."))
        try:
            report = demo.build_scale(halls=scale) if scale else demo.build_demo()
        except ValidationError as exc:
            # E.g. a username the demo needs is taken by someone else: nothing was written.
            raise CommandError(
                _("The demo data could not be built (nothing was saved): %(errors)s")
                % {"errors": "; ".join(exc.messages)}
            ) from exc
        for line in report.lines():
            self.stdout.write(f"  {line}")
        if report.nothing_created:
            self.stdout.write(self.style.SUCCESS(_("Nothing to do: everything is already there.")))
        else:
            self.stdout.write(self.style.SUCCESS(_("Done.")))
        if scale:
            self.stdout.write(
                _("Province leader login: %(username)s (password %(password)s, demo only).")
                % {"username": demo.SCALE_LEADER_USERNAME, "password": demo.DEMO_PASSWORD}
            )
            return
        self.stdout.write(
            _("Demo logins (password %(password)s, demo only): %(logins)s; /admin/: %(admin)s.")
            % {
                "password": demo.DEMO_PASSWORD,
                "logins": ", ".join(demo.DEMO_LOGINS),
                "admin": demo.ADMIN_USERNAME,
            }
        )
