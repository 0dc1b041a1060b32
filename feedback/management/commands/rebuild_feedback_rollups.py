import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from feedback.services import rating_rollups_rebuild, rating_rollups_rebuild_in_chunks


class Command(BaseCommand):
    help = (
        "Rebuild the daily rating rollups (DailyWindowRating) from the raw ratings: every "
        "day, or the days from --since on. Idempotent; ratings keep them current "
        "otherwise. Run it after loading ratings in bulk."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since", type=date.fromisoformat, help="rebuild only the days from this one on"
        )
        parser.add_argument(
            "--chunk-days",
            type=int,
            default=31,
            help="days rebuilt per transaction (default 31; 0: all in one transaction)",
        )

    def handle(self, *args, **options):
        began = time.perf_counter()
        since, chunk_days = options.get("since"), options["chunk_days"]
        if chunk_days < 0:
            raise CommandError("--chunk-days must not be negative.")
        if chunk_days:
            result = rating_rollups_rebuild_in_chunks(actor=None, since=since, days=chunk_days)
        else:
            result = rating_rollups_rebuild(actor=None, since=since)
        self.stdout.write(
            f"rollup rows: {result.rows} (replaced {result.deleted}), ratings: "
            f"{result.ratings}, since: {result.since or 'the first rating'}, "
            f"transactions: {result.chunks}, {time.perf_counter() - began:.1f} s"
        )
