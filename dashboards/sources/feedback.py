"""Panels over taxpayer feedback: satisfaction over time, per person (ranked), and one's
own ratings and trend."""

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from dashboards import aggregates
from dashboards.panels import (
    PANEL_TITLES,
    PERSONAL,
    UNIT,
    PanelResult,
    Scope,
    _layout,
    panel,
    ranked_bar,
)
from feedback import selectors as feedback_selectors

# Five levels, 5 = very satisfied ... 1 = very dissatisfied (the national rater's scale).
LEVEL_LABELS = {
    5: gettext_lazy("Very satisfied"),
    4: gettext_lazy("Satisfied"),
    3: gettext_lazy("Basically satisfied"),
    2: gettext_lazy("Dissatisfied"),
    1: gettext_lazy("Very dissatisfied"),
}


RATING_COLUMNS = [
    "staff_id",
    "name",
    "employee_no",
    "unit",
    "window_id",
    "window",
    "window_unit",
    *(f"level_{level}" for level in LEVEL_LABELS),
]


def rating_summaries(scope: Scope, keys: list[str]) -> list[tuple[dict, object]]:
    """(keys, RatingSummary) per distinct `keys` of the unit's ratings in the period, in
    the keys' order: per person (["staff_id", ...]: ratings nobody could be named for
    left out) or per window (["window_id", ...]). The ratings per person and window are
    read once a page (one rollup query, names joined) and added up here, for the
    satisfaction ranking and the worst and best windows alike. Counts only: the
    follow-up state is not shown by these panels."""
    data = scope.memo(
        "ratings-by-staff-and-window",
        lambda: aggregates.frame(
            feedback_selectors.rating_counts_by_staff_and_window(
                user=scope.user, start=scope.start, end=scope.end, unit=scope.unit
            ),
            RATING_COLUMNS,
        ),
    )
    levels = [f"level_{level}" for level in LEVEL_LABELS]
    grouped = aggregates.summed(data, keys, levels)
    return [
        (
            {**record, keys[0]: int(record[keys[0]])},
            feedback_selectors.rating_summary_from_counts(
                {level: int(record[f"level_{level}"]) for level in LEVEL_LABELS}
            ),
        )
        for record in grouped.to_dict("records")
    ]


@panel("satisfaction-ranking", audience=UNIT, order=10)
def satisfaction_ranking(scope: Scope) -> PanelResult:
    rows = [
        {
            "name": key["name"],
            "employee_no": key["employee_no"],
            "unit": key["unit"],
            "ratings": summary.total,
            "negative": summary.negative,
            "positive_rate": float(summary.positive_rate or 0),
        }
        for key, summary in rating_summaries(scope, ["staff_id", "name", "employee_no", "unit"])
    ]
    return ranked_bar(
        rows,
        fields=["name", "employee_no", "unit", "ratings", "negative", "positive_rate"],
        by="positive_rate",
        title=_("Satisfaction (positive rate) per person, %(period)s") % {"period": scope.period},
        columns={
            "rank": _("Rank"),
            "name": pgettext("a person's name", "Name"),
            "unit": _("Unit"),
            "ratings": _("Ratings"),
            "negative": _("Negative ratings"),
            "positive_rate": _("Positive rate"),
        },
        bar=_("Positive rate"),
        y_title=_("Positive rate (%)"),
        scale=100,
    )


def _trend(scope: Scope, *, staff=None, unit=None) -> PanelResult:
    by_day = feedback_selectors.rating_summary_by_day(
        user=scope.user,
        start=scope.start,
        end=scope.end,
        staff=staff,
        unit=unit,
        follow_ups=False,
    )
    rows = [
        {"day": day, "ratings": summary.total, "positive": summary.positive}
        for day, summary in by_day.items()
    ]
    days = (scope.end - scope.start).days + 1
    data = aggregates.satisfaction_trend(rows, days=days)
    if staff is not None and scope.is_own:
        title = _("My satisfaction over time, %(period)s") % {"period": scope.period}
    elif staff is not None:
        title = _("Satisfaction over time of %(name)s, %(period)s") % {
            "name": staff.name,
            "period": scope.period,
        }
    else:
        title = _("Satisfaction over time, %(period)s") % {"period": scope.period}
    when = _("Day") if days <= aggregates.TREND_DAILY_MAX_DAYS else _("Month")
    figure = go.Figure()
    figure.add_bar(x=data["when"], y=data["ratings"], name=_("Ratings"), yaxis="y2", opacity=0.4)
    figure.add_scatter(
        x=data["when"], y=data["positive_rate"] * 100, name=_("Positive rate"), mode="lines+markers"
    )
    _layout(figure, title, when, _("Positive rate (%)"))
    figure.update_layout(
        yaxis={"range": [0, 100]},
        yaxis2={"title": {"text": _("Ratings (count)")}, "overlaying": "y", "side": "right"},
    )
    return PanelResult(
        title=title,
        figure=figure,
        table=data,
        columns={
            "when": when,
            "ratings": _("Ratings"),
            "positive": _("Positive ratings"),
            "positive_rate": _("Positive rate"),
        },
        summary={"ratings": int(data["ratings"].sum()) if not data.empty else 0},
        totalled=("ratings", "positive"),
    )


@panel("satisfaction-trend", audience=UNIT, order=5)
def satisfaction_trend(scope: Scope) -> PanelResult:
    """The unit's (and everything under it) ratings and positive rate day by day or month
    by month, from the daily rollups: one query whatever the number of ratings."""
    return _trend(scope, unit=scope.unit)


@panel("my-satisfaction-trend", audience=PERSONAL, order=5)
def my_satisfaction_trend(scope: Scope) -> PanelResult:
    """The person's own trend (the reader's, or the person a leader drilled down to)."""
    return _trend(scope, staff=scope.staff)


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
    values = {
        "name": scope.staff.name,
        "period": scope.period,
        "rate": f"{float(rate) * 100:.1f}%" if rate is not None else "-",
    }
    # "my" only on the reader's own figures: a leader drilled down to someone reads whose.
    title = (
        _("Taxpayers' ratings of my service, %(period)s (positive rate %(rate)s)")
        if scope.is_own
        else _("Taxpayers' ratings of the service of %(name)s, %(period)s (positive rate %(rate)s)")
    ) % values
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
        "satisfaction-trend": gettext_lazy("Satisfaction over time"),
        "my-satisfaction-trend": gettext_lazy("Satisfaction over time"),
    }
)
