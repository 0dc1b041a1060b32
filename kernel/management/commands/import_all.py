"""`manage.py import_all FILE`: load an `export_all` file into an empty database."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError

from kernel import backup


class Command(BaseCommand):
    help = (
        "Load a file written by export_all into an empty, migrated database (no user "
        "accounts yet); all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the export_all file ('-' for standard input)")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            if path == "-":
                counts = backup.import_all(sys.stdin, using=options["database"])
            else:
                with open(path, encoding="utf-8") as stream:
                    counts = backup.import_all(stream, using=options["database"])
        except backup.ImportRefused as refused:
            raise CommandError(str(refused)) from refused
        except DeserializationError as broken:
            reason = str(broken) or str(broken.__cause__ or broken.__context__)
            raise CommandError(f"Nothing was imported: {reason}") from broken
        self.stdout.write(f"{sum(counts.values())} rows of {len(counts)} models imported.")
