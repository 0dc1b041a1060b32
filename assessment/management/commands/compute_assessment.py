"""`manage.py compute_assessment PERIOD`: compute a period's results (what the
background job runs), printing how many results and how long it took."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment import services
from assessment.models import Period


class Command(BaseCommand):
    help = "Compute the results (scores, composite, ranks, proposed grades) of a period."

    def add_arguments(self, parser):
        parser.add_argument("period", type=int, help="the period's id")

    def handle(self, *args, period: int, **options):
        found = Period.objects.filter(pk=period).first()
        if found is None:
            raise CommandError(f"No assessment period {period}.")
        started = time.perf_counter()
        try:
            with CaptureQueriesContext(connection) as queries:
                results = services.period_compute_results(actor=None, period=found)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{len(results)} results computed in {seconds:.2f}s with {len(queries)} queries"
        )
