"""Kinds of job: what runs when a job of that kind is taken by a worker.

An app declares its kinds in its AppConfig.ready():

    register_kind(JobKind(key="roster.generate", label=_("Roster generation"),
                          run=run_generation, restart=restart_generation))

`run(job, context)` does the work; it reports progress through `context.report(...)`, calls
`context.check_cancelled()` where stopping is safe, and saves its result inside
`with context.storing() as done: ...; done(result)`, so the result and the job's "done" are
one transaction and a job cancelled or lost meanwhile saves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from jobs.errors import JobError
from kernel.errors import invalid


@dataclass(frozen=True)
class JobKind:
    key: str
    label: str
    run: Callable[..., dict[str, Any] | None]
    # restart(actor, job) -> Job: a retry, checked again as a new start would be. None: a
    # plain copy of the parameters is queued again.
    restart: Callable[..., Any] | None = None
    # result_url(job) -> str | None: where the result is seen (a roster's page).
    result_url: Callable[..., str | None] | None = None
    # result_text(job) -> str: the result in a sentence, in the reader's language.
    result_text: Callable[..., str] | None = None


_kinds: dict[str, JobKind] = {}


def register_kind(kind: JobKind) -> JobKind:
    """Idempotent by key, like every registration done in ready()."""
    _kinds.setdefault(kind.key, kind)
    return kind


def get_kind(key: str) -> JobKind:
    try:
        return _kinds[key]
    except KeyError:
        raise invalid(
            JobError.UNKNOWN_KIND, _("There is no kind of job called %(kind)s.") % {"kind": key}
        ) from None


def kind_label(key: str) -> str:
    kind = _kinds.get(key)
    return str(kind.label) if kind else key
