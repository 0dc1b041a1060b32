"""Roster generation as a background job: answered at once, solved by a worker.

`roster_generation_start` does the checks a request can answer at once (the manager, the
dates, a published roster in the way) and queues the job; the worker runs plan → solve →
store (roster.services.generation) with the solver's progress on the job page and the
job's cancellation stopping the search. A cancelled or failed job saves nothing: the roster
is stored in the same transaction that marks the job done.

Two generations for the same unit over overlapping dates never run at once: the second is
refused (`roster.generation_running`) while the first is queued or running. The unit's duty
types are locked while a start checks, so two starts cannot both pass on PostgreSQL; on
SQLite writes are serialised and the jobs table's partial unique constraint is the last
word for a repeated start of the same dates.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.errors import JobError
from jobs.models import Job
from jobs.registry import JobKind, register_kind
from jobs.runner import JobCancelled
from jobs.services import job_start
from kernel.errors import invalid
from roster import selectors as roster_selectors
from roster.errors import RosterError
from roster.models import DutyType
from roster.services.generation import (
    generation_check,
    generation_plan,
    generation_solve,
    generation_store,
)
from roster.solver import SolveStatus

__all__ = ["GENERATE", "roster_generation_start"]

GENERATE = "roster.generate"


def _scope(duty_type: DutyType) -> str:
    return f"unit:{duty_type.unit_id}"


def roster_generation_start(
    *,
    actor,
    duty_type: DutyType,
    start_date: date,
    end_date: date,
    time_limit_s: float = 20,
    retry_of: Job | None = None,
) -> Job:
    """Queue the generation of a draft roster (see `roster_generate` for what it
    guarantees); the Job is returned at once, the roster is its result when done."""
    with transaction.atomic():
        generation_check(
            actor=actor,
            duty_type=duty_type,
            start_date=start_date,
            end_date=end_date,
            time_limit_s=time_limit_s,
        )
        # One start at a time per unit: every duty type of the unit is locked (in pk order,
        # so two starts never wait on each other crosswise) until this start commits.
        list(
            DutyType.objects.select_for_update()
            .filter(unit_id=duty_type.unit_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        try:
            return job_start(
                actor=actor,
                kind=GENERATE,
                params={
                    "duty_type": duty_type.pk,
                    "start_date": start_date.isoformat(),
                    "end_date": end_date.isoformat(),
                    "time_limit_s": float(time_limit_s),
                },
                unit_id=duty_type.unit_id,
                scope=_scope(duty_type),
                period_start=start_date,
                period_end=end_date,
                retry_of=retry_of,
            )
        except ValidationError as error:
            if JobError.ALREADY_RUNNING not in _codes(error):
                raise
            running = (
                Job.objects.filter(
                    kind=GENERATE,
                    scope=_scope(duty_type),
                    state__in=Job.ACTIVE_STATES,
                    period_start__lte=end_date,
                    period_end__gte=start_date,
                )
                .order_by("created_at")
                .first()
            )
            raise invalid(
                RosterError.GENERATION_RUNNING,
                _(
                    "A roster for %(unit)s from %(start)s to %(end)s is already being "
                    "generated; wait for it to finish or cancel it, then generate again."
                )
                % {
                    "unit": duty_type.unit,
                    "start": formats.date_format(running.period_start, "DATE_FORMAT")
                    if running
                    else start_date,
                    "end": formats.date_format(running.period_end, "DATE_FORMAT")
                    if running
                    else end_date,
                },
                params={"job": str(running.pk) if running else ""},
            ) from error


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        items = [item for errors in error.error_dict.values() for item in errors]
    else:
        items = error.error_list
    return {str(item.code) for item in items if item.code}


class _JobObserver:
    """The solver's progress into the job's progress; the job's cancellation into a stop."""

    def __init__(self, context) -> None:
        self.context = context

    def progress(self, progress) -> None:
        self.context.report(**progress.as_dict())

    def should_stop(self) -> bool:
        return self.context.cancelled()


def run_generation(job: Job, context) -> dict:
    params = job.params
    duty_type = DutyType.objects.select_related("unit").filter(pk=params["duty_type"]).first()
    if duty_type is None:
        raise invalid(
            RosterError.UNKNOWN_DUTY_TYPE, _("The duty type of this generation no longer exists.")
        )
    actor = job.started_by
    context.report(phase="checking", elapsed_s=0, time_limit_s=params["time_limit_s"])
    plan = generation_plan(
        actor=actor,
        duty_type=duty_type,
        start_date=date.fromisoformat(params["start_date"]),
        end_date=date.fromisoformat(params["end_date"]),
        time_limit_s=params["time_limit_s"],
    )
    context.check_cancelled()
    solution = generation_solve(plan, observer=_JobObserver(context))
    if solution.status == SolveStatus.CANCELLED:
        raise JobCancelled
    context.report(
        phase="storing",
        best_spread=solution.spread,
        spread_lower_bound=solution.spread_lower_bound,
        optimal=solution.optimal,
    )
    with context.storing() as done:
        roster = generation_store(plan, solution, actor=actor)
        done(
            {
                "roster_id": roster.pk,
                "spread": solution.spread,
                "spread_lower_bound": solution.spread_lower_bound,
                "optimal": solution.optimal,
                "duties": len(solution.assignments),
            }
        )
    return {}


def restart_generation(*, actor, job: Job) -> Job:
    duty_type = (
        roster_selectors.duty_type_list(user=actor).filter(pk=job.params["duty_type"]).first()
    )
    if duty_type is None:
        raise invalid(
            RosterError.UNKNOWN_DUTY_TYPE,
            _("The duty type of this generation no longer exists."),
            field="duty_type",
        )
    return roster_generation_start(
        actor=actor,
        duty_type=duty_type,
        start_date=date.fromisoformat(job.params["start_date"]),
        end_date=date.fromisoformat(job.params["end_date"]),
        time_limit_s=job.params["time_limit_s"],
        retry_of=job,
    )


def generation_result_url(job: Job) -> str | None:
    roster_id = (job.result or {}).get("roster_id")
    return reverse("roster:roster-detail", args=[roster_id]) if roster_id else None


def generation_result_text(job: Job) -> str:
    result = job.result or {}
    text = _(
        "A draft roster of %(duties)s duties: spread %(spread)s (no roster can do better "
        "than %(bound)s)."
    ) % {
        "duties": result.get("duties", 0),
        "spread": result.get("spread"),
        "bound": result.get("spread_lower_bound"),
    }
    if result.get("optimal"):
        verdict = _("Proved optimal.")
    else:
        verdict = _("Not proved optimal within the time limit.")
    return f"{text} {verdict}"


def register_generation_job() -> None:
    register_kind(
        JobKind(
            key=GENERATE,
            label=gettext_lazy("Roster generation"),
            run=run_generation,
            restart=restart_generation,
            result_url=generation_result_url,
            result_text=generation_result_text,
        )
    )
