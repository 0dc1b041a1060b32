"""Metric providers: where computed indicators get their numbers from.

`assessment.metric_providers` is an extension point (kernel.extensions). A source app —
or assessment itself, for apps below it that know nothing of assessment — registers one
`MetricProvider` per metric in its AppConfig.ready():

    from assessment.providers import MetricProvider, metric_providers
    metric_providers.register(MetricProvider(
        key="feedback.satisfaction_rate", label=_("Taxpayer satisfaction rate"), unit_label="%",
        compute=satisfaction_rate_by_staff))

`compute(*, staff_ids, start, end)` returns {staff_id: number} for the people it has a
figure for; a person left out has no value (the indicator is then not counted for them,
and the scorecard says so). It must read in a constant number of queries whatever the
number of people: the period computation calls each provider once for the whole period.

Error policy: PROPAGATE. A provider that fails makes the whole computation fail and roll
back: a grade must never be proposed from a silently missing source. The background job
that runs the computation reports the failure and can run it again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from kernel.extensions import ErrorPolicy, extension_point

metric_providers = extension_point(
    "assessment.metric_providers",
    policy=ErrorPolicy.PROPAGATE,
    doc="MetricProvider objects, one per metric key; compute(*, staff_ids, start, end) -> "
    "{staff_id: number}, called once per period computation inside its transaction. A "
    "failure fails (and rolls back) the computation: no grade from a missing source.",
)

# Not a provider: computed by assessment from the period's own ballots (it needs the
# period's minimum of votes), but chosen on an indicator like any metric.
DEMOCRATIC_METRIC = "assessment.democratic_appraisal"


@dataclass(frozen=True)
class MetricProvider:
    key: str
    label: str
    compute: Callable[..., dict[int, Decimal | int | float]]
    unit_label: str = ""
    source: str = ""

    def __call__(self, *, staff_ids: Iterable[int], start: date, end: date) -> dict[int, Decimal]:
        values = self.compute(staff_ids=list(staff_ids), start=start, end=end)
        return {staff_id: Decimal(str(value)) for staff_id, value in values.items()}


def provider_by_key() -> dict[str, MetricProvider]:
    return {provider.key: provider for provider in metric_providers}


def metric_choices() -> list[tuple[str, str]]:
    """(key, label) of every metric an indicator may be computed from."""
    choices = [(DEMOCRATIC_METRIC, str(_("Democratic appraisal (peer votes)")))]
    choices += sorted(((p.key, str(p.label)) for p in metric_providers), key=lambda item: item[0])
    return choices


# --- providers of the apps below assessment that exist today -------------------------
# They read through those apps' selectors only.


def _duty_figure(name: str):
    def compute(*, staff_ids, start, end):
        from roster import selectors

        figures = selectors.duty_figures_unscoped(staff_ids=staff_ids, start=start, end=end)
        return {staff_id: row[name] for staff_id, row in figures.items()}

    return compute


def _duties_swapped(*, staff_ids, start, end):
    from roster import selectors

    return selectors.duties_swapped_unscoped(staff_ids=staff_ids, start=start, end=end)


def _ab_covers_taken(*, staff_ids, start, end):
    from staffmgmt import selectors

    return selectors.ab_covers_taken_unscoped(staff_ids=staff_ids, start=start, end=end)


BUILTIN_PROVIDERS = [
    MetricProvider(
        key="roster.late_checkins",
        label=_("Duty check-ins late"),
        unit_label=_("times"),
        source=_("Duty rosters"),
        compute=_duty_figure("late"),
    ),
    MetricProvider(
        key="roster.minutes_late",
        label=_("Minutes late for duty"),
        unit_label=_("minutes"),
        source=_("Duty rosters"),
        compute=_duty_figure("minutes_late"),
    ),
    MetricProvider(
        key="roster.duties_done",
        label=_("Duties done (checked in)"),
        unit_label=_("duties"),
        source=_("Duty rosters"),
        compute=_duty_figure("done"),
    ),
    MetricProvider(
        key="roster.duties_missed",
        label=_("Duties missed (no check-in)"),
        unit_label=_("duties"),
        source=_("Duty rosters"),
        compute=_duty_figure("missed"),
    ),
    MetricProvider(
        key="roster.duties_swapped",
        label=_("Duties swapped away"),
        unit_label=_("duties"),
        source=_("Duty rosters"),
        compute=_duties_swapped,
    ),
    MetricProvider(
        key="staffmgmt.ab_covers_taken",
        label=_("AB covers taken (half days as B holder)"),
        unit_label=_("half days"),
        source=_("AB posts"),
        compute=_ab_covers_taken,
    ),
]


def register_builtin_providers() -> None:
    for provider in BUILTIN_PROVIDERS:
        metric_providers.register(provider)
