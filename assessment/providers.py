"""Metric providers: where computed indicators get their numbers from.

`assessment.metric_providers` is an extension point (kernel.extensions): one
`MetricProvider` per metric key. The apps below assessment (staffmgmt, roster, feedback,
integrity_files) cannot import it, so assessment registers their metrics here
(`BUILTIN_PROVIDERS`, reading their unscoped selectors); an app above assessment, or a
plug-in, registers its own in its AppConfig.ready():

    from assessment.providers import MetricProvider, metric_providers
    metric_providers.register(MetricProvider(
        key="queue.waiting_minutes", label=_("Average waiting time"), unit_label="min",
        compute=waiting_minutes_by_staff))

`compute(*, staff_ids, start, end)` returns {staff_id: number} for the people it has a
figure for. A person left out had none of a count (`absent_is_zero`, the default: 0), or
has no figure for a rate (`absent_is_zero=False`: the indicator is then not counted for
them, and the scorecard says so). It must read in a constant number of queries whatever the
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

from django.utils.text import format_lazy
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
    # Counts (late check-ins, complaints): a person left out had none, so 0. Rates
    # (satisfaction, reply compliance): a person left out has no figure, and the indicator
    # is not counted for them (no rating is not a 0 % rate).
    absent_is_zero: bool = True

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


# --- providers of the apps below assessment ------------------------------------------
# They read through those apps' unscoped selectors only (the apps below cannot import
# assessment, so assessment registers their metrics).


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


def _feedback(name: str):
    def compute(*, staff_ids, start, end):
        from feedback import selectors

        return getattr(selectors, name)(staff_ids=staff_ids, start=start, end=end)

    compute.__name__ = compute.__qualname__ = f"feedback_{name}"
    return compute


def _integrity(name: str, **kwargs):
    def compute(*, staff_ids, start, end):
        from integrity_files import selectors_metrics

        return getattr(selectors_metrics, name)(staff_ids=staff_ids, start=start, end=end, **kwargs)

    suffix = "_".join(str(v) for v in kwargs.values())
    compute.__name__ = compute.__qualname__ = f"integrity_{name}_{suffix}".rstrip("_")
    return compute


def _training_shortfall(*, staff_ids, start, end):
    """Credits short of the year's requirement (the year `end` falls in), counting what was
    earned up to `end`: integrity_files' one shortfall selector, as the dashboards read it.
    `start` is not used: a requirement is yearly."""
    from integrity_files import selectors as integrity_selectors

    rows = integrity_selectors.credit_shortfall_by_staff_unscoped(
        staff=staff_ids, year=end.year, until=end
    )
    return {pk: row.shortfall for pk, row in rows.items()}


def _integrity_categories():
    from integrity_files.models import Category

    return Category.choices


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
    MetricProvider(
        key="feedback.satisfaction_rate",
        label=_("Taxpayer satisfaction rate"),
        unit_label="%",
        source=_("Taxpayer ratings"),
        compute=_feedback("satisfaction_rate_by_staff_unscoped"),
        absent_is_zero=False,
    ),
    MetricProvider(
        key="feedback.reply_compliance",
        label=_("Suggestion-book replies within three working days"),
        unit_label="%",
        source=_("Suggestion book"),
        compute=_feedback("reply_compliance_by_staff_unscoped"),
        absent_is_zero=False,
    ),
    MetricProvider(
        key="feedback.verified_complaints",
        label=_("Verified complaints"),
        unit_label=_("complaints"),
        source=_("Suggestion book"),
        compute=_feedback("verified_complaints_by_staff_unscoped"),
    ),
    *(
        MetricProvider(
            key=f"integrity_files.points.{category}",
            label=format_lazy("{}: {}", _("Integrity points"), label),
            unit_label=_("points"),
            source=_("Integrity file"),
            compute=_integrity("integrity_points_by_staff_unscoped", category=category),
        )
        for category, label in _integrity_categories()
    ),
    MetricProvider(
        key="integrity_files.training_shortfall",
        label=_("Training credits short of the year's requirement"),
        unit_label=_("credits"),
        source=_("Integrity file"),
        compute=_training_shortfall,
    ),
    MetricProvider(
        key="integrity_files.serious_violations",
        label=_("Serious violations (10 points or more)"),
        unit_label=_("records"),
        source=_("Integrity file"),
        compute=_integrity("serious_violations_by_staff_unscoped"),
    ),
]


def register_builtin_providers() -> None:
    for provider in BUILTIN_PROVIDERS:
        metric_providers.register(provider)
