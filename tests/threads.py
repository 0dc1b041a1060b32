"""Running service calls at the same moment in real threads (one database connection each),
for the race tests on PostgreSQL."""

import threading

from django.core.exceptions import ValidationError
from django.db import connection


def run_together(*calls):
    """Start each call in its own thread at the same moment; each outcome is ("ok", result),
    ("error", the ValidationError) or ("crash", any other exception)."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(i, call):
        try:
            barrier.wait()
            outcomes[i] = ("ok", call())
        except ValidationError as error:
            outcomes[i] = ("error", error)
        except Exception as error:
            outcomes[i] = ("crash", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes
