"""The job's API shape. It is defined in jobs.presenters (one shape for pages and the API),
where other apps' APIs answering with a job (roster generation) import it from."""

from jobs.presenters import JobSerializer

__all__ = ["JobSerializer"]
