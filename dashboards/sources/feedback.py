"""Panels over taxpayer feedback: satisfaction per person (ranked) and one's own ratings."""

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from dashboards import aggregates
from dashboards.panels import PANEL_TITLES, PERSONAL, UNIT, PanelResult, Scope, _layout, panel
from feedback import selectors as feedback_selectors
from staffmgmt import selectors as staff_selectors

# Five levels, 5 = very satisfied ... 1 = very dissatisfied (the national rater's scale).
LEVEL_LABELS = {
    5: gettext_lazy("Very satisfied"),
    4: gettext_lazy("Satisfied"),
    3: gettext_lazy("Basically satisfied"),
    2: gettext_lazy("Dissatisfied"),
    1: gettext_lazy("Very dissatisfied"),
}


@panel("satisfaction-ranking", audience=UNIT, order=10)
def satisfaction_ranking(scope: Scope) -> PanelResult:
    # Counts and rates only: the follow-up state (one query more) is not shown here.
    summaries = feedback_selectors.rating_summary_by_staff(
        user=scope.user, start=scope.start, end=scope.end, unit=scope.unit, follow_ups=False
    )
    # Name, number and unit only: at province scale the selector's skills prefetch was
    # most of this panel's time (benchmarks/dashboards.py).
    people = {
        person.pk: person
        for person in staff_selectors.staff_by_ids_unscoped(ids=list(summaries))
        .select_related("unit")
        .prefetch_related(None)
    }
    rows = [
        {
            "name": people[staff_id].name,
            "employee_no": people[staff_id].employee_no,
            "unit": people[staff_id].unit.name,
            "ratings": summary.total,
            "negative": summary.negative,
            "positive_rate": float(summary.positive_rate or 0),
        }
        for staff_id, summary in summaries.items()
        if staff_id in people
    ]
    data = aggregates.ranked(
        aggregates.frame(
            rows, ["name", "employee_no", "unit", "ratings", "negative", "positive_rate"]
        ),
        "positive_rate",
    )
    title = _("Satisfaction (positive rate) per person, %(period)s") % {"period": scope.period}
    figure = go.Figure(
        go.Bar(x=data["name"], y=data["positive_rate"] * 100, name=_("Positive rate"))
    )
    return PanelResult(
        title=title,
        figure=_layout(figure, title, _("Person"), _("Positive rate (%)")),
        table=data,
        columns={
            "rank": _("Rank"),
            "name": pgettext("a person's name", "Name"),
            "unit": _("Unit"),
            "ratings": _("Ratings"),
            "negative": _("Negative ratings"),
            "positive_rate": _("Positive rate"),
        },
    )


@panel("my-ratings", audience=PERSONAL, order=10)
def my_ratings(scope: Scope) -> PanelResult:
    summary = feedback_selectors.rating_summary(
        user=scope.user, start=scope.start, end=scope.end, staff=scope.staff
    )
    rows = [
        {"level": str(LEVEL_LABELS[level]), "count": summary.by_level.get(level, 0)}
        for level in sorted(LEVEL_LABELS, reverse=True)
    ]
    data = aggregates.frame(rows, ["level", "count"])
    rate = summary.positive_rate
    title = _("Taxpayers' ratings of my service, %(period)s (positive rate %(rate)s)") % {
        "period": scope.period,
        "rate": f"{float(rate) * 100:.1f}%" if rate is not None else "-",
    }
    figure = go.Figure(go.Bar(x=data["level"], y=data["count"], name=_("Ratings")))
    return PanelResult(
        title=title,
        figure=_layout(figure, title, _("Rating"), _("Ratings (count)")),
        table=data,
        columns={"level": _("Rating"), "count": _("Ratings")},
        summary={"total": summary.total, "positive_rate": float(rate) if rate else None},
    )


PANEL_TITLES.update(
    {
        "satisfaction-ranking": gettext_lazy("Taxpayer satisfaction"),
        "my-ratings": gettext_lazy("Taxpayers' ratings of my service"),
    }
)
