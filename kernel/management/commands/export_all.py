"""`manage.py export_all [FILE]`: every row of the database, history included, as JSON."""

import sys

from django.core.management.base import BaseCommand

from kernel import backup


class Command(BaseCommand):
    help = (
        "Write every row of the database (history tables included) as JSON, in dependency "
        "order, to FILE or standard output; import_all loads it into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write (default: standard output)")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        path = options["file"]
        if path:
            with open(path, "w", encoding="utf-8") as stream:
                counts = backup.export_all(stream, using=options["database"])
        else:
            counts = backup.export_all(sys.stdout, using=options["database"])
        # The summary goes to stderr when the data goes to stdout.
        report = sys.stderr if not path else self.stdout
        report.write(f"{sum(counts.values())} rows of {len(counts)} models exported.\n")
