import time
from datetime import date

from django.core.management.base import BaseCommand

from feedback.services import rating_rollups_rebuild


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

    def handle(self, *args, **options):
        began = time.perf_counter()
        result = rating_rollups_rebuild(actor=None, since=options.get("since"))
        self.stdout.write(
            f"rollup rows: {result.rows} (replaced {result.deleted}), ratings: "
            f"{result.ratings}, since: {result.since or 'the first rating'}, "
            f"{time.perf_counter() - began:.1f} s"
        )
