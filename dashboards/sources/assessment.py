"""Panels over assessment: the score distribution, grade counts against the "excellent"
quota and the ranking of one assessment period, and a person's own trend and dimensions.

A unit dashboard shows the latest period that ended within the dashboard's period and
has results in the unit (the period's name is in every title): results of different
periods (a month, a quarter) are not comparable in one chart. Results are the per-person
aggregates assessment computed; read through its scoped selectors.
"""

from dataclasses import dataclass

import plotly.graph_objects as go
from django.db.models import Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from assessment import selectors as assessment_selectors
from assessment.models import GRADE_ORDER, Dimension, Grade
from dashboards import aggregates
from dashboards.panels import (
    PANEL_TITLES,
    PERSON_LINK,
    PERSONAL,
    UNIT,
    PanelResult,
    Scope,
    _layout,
    panel,
    ranked_bar,
)


@dataclass
class PeriodResults:
    period: object  # None when no period ended in the dashboard's period
    results: list
    quotas: list


def _period_results(scope: Scope) -> PeriodResults:
    def compute() -> PeriodResults:
        results = assessment_selectors.result_list(user=scope.user).filter(
            member__unit__in=scope.units(),
            member__period__end_date__gte=scope.start,
            member__period__end_date__lte=scope.end,
        )
        latest = results.order_by("-member__period__end_date", "-member__period_id").values(
            "member__period_id"
        )[:1]
        # The latest period's results in one query (the period chosen in a subquery).
        chosen = list(results.filter(member__period_id=Subquery(latest)))
        if not chosen:
            return PeriodResults(period=None, results=[], quotas=[])
        period = chosen[0].member.period
        quotas = assessment_selectors.quota_summary(results=chosen, period=period)
        return PeriodResults(period=period, results=chosen, quotas=quotas)

    return scope.memo("assessment", compute)


def _period_name(data: PeriodResults) -> str:
    if data.period is None:
        return _("no assessment period ended in this period")
    return _("%(name)s (%(start)s to %(end)s)") % {
        "name": data.period.name,
        "start": data.period.start_date.isoformat(),
        "end": data.period.end_date.isoformat(),
    }


@panel("score-distribution", audience=UNIT, order=20)
def score_distribution(scope: Scope) -> PanelResult:
    data = _period_results(scope)
    table = aggregates.score_distribution([result.composite for result in data.results])
    title = _("Composite assessment scores by band, %(period)s") % {"period": _period_name(data)}
    figure = go.Figure(go.Bar(x=table["band"], y=table["people"], name=_("People")))
    return PanelResult(
        title=title,
        figure=_layout(figure, title, _("Composite score (points)"), _("People (count)")),
        table=table,
        columns={"band": _("Composite score (points)"), "people": _("People")},
        totalled=("people",),
    )


@panel("grades-quota", audience=UNIT, order=21)
def grades_against_quota(scope: Scope) -> PanelResult:
    data = _period_results(scope)
    grades = [str(grade) for grade in GRADE_ORDER]
    table = aggregates.grades_against_quota(
        [{"unit": r.member.unit.name, "grade": r.grade} for r in data.results],
        [{"unit": q.unit_name, "members": q.members, "quota": q.quota} for q in data.quotas],
        grades,
    )
    title = _("Grades per unit against the quota of excellent, %(period)s") % {
        "period": _period_name(data)
    }
    figure = go.Figure()
    for grade in grades:
        figure.add_bar(x=table["unit"], y=table[grade], name=str(Grade(grade).label))
    figure.add_scatter(
        x=table["unit"], y=table["quota"], mode="markers", name=_("Quota of excellent")
    )
    figure.update_layout(barmode="stack")
    table = table.assign(over_quota=[_("yes") if v else "" for v in table["over_quota"]])
    return PanelResult(
        title=title,
        figure=_layout(figure, title, _("Unit"), _("People (count)")),
        table=table,
        columns={
            "unit": _("Unit"),
            "members": _("Assessed"),
            "quota": _("Quota of excellent"),
            **{grade: str(Grade(grade).label) for grade in grades},
            "over_quota": _("Over the quota"),
        },
        totalled=("members", "quota", *grades),
    )


@panel("assessment-ranking", audience=UNIT, order=22)
def assessment_ranking(scope: Scope) -> PanelResult:
    data = _period_results(scope)
    rows = [
        {
            "staff_id": r.member.staff_id,
            "name": r.member.staff.name,
            "unit": r.member.unit.name,
            "composite": float(r.composite),
            "grade": str(Grade(r.grade).label),
            "rank_in_unit": r.rank_in_unit,
        }
        for r in data.results
    ]
    return ranked_bar(
        rows,
        fields=["staff_id", "name", "unit", "composite", "grade", "rank_in_unit"],
        by="composite",
        title=_("Ranking by composite assessment score, %(period)s")
        % {"period": _period_name(data)},
        columns={
            "rank": _("Rank"),
            "name": pgettext("a person's name", "Name"),
            "unit": _("Unit"),
            "composite": _("Composite score"),
            "grade": _("Grade"),
            "rank_in_unit": _("Rank in unit"),
        },
        bar=_("Composite score"),
        y_title=_("Composite score (points)"),
        links={"name": (PERSON_LINK, "staff_id")},
        totalled=(),
    )


def _own_results(scope: Scope) -> list:
    return scope.memo(
        "own-results",
        lambda: list(
            assessment_selectors.result_list(user=scope.user)
            .filter(
                member__staff=scope.staff,
                member__period__end_date__gte=scope.start,
                member__period__end_date__lte=scope.end,
            )
            .order_by("member__period__end_date")
        ),
    )


@panel("my-assessment", audience=PERSONAL, order=20)
def my_assessment(scope: Scope) -> PanelResult:
    results = _own_results(scope)
    table = aggregates.per_period(
        [
            {
                "period": r.member.period.name,
                "end": r.member.period.end_date.isoformat(),
                "composite": r.composite,
                "grade": str(Grade(r.grade).label),
                "rank_in_unit": r.rank_in_unit,
            }
            for r in results
        ]
    )
    values = {"period": scope.period, "name": scope.staff.name}
    title = (
        _("My composite assessment score per period, %(period)s")
        if scope.is_own
        else _("Composite assessment score per period of %(name)s, %(period)s")
    ) % values
    figure = go.Figure(
        go.Scatter(x=table["period"], y=table["composite"], mode="lines+markers", name=_("Score"))
    )
    return PanelResult(
        title=title,
        figure=_layout(figure, title, _("Assessment period"), _("Composite score (points)")),
        table=table,
        columns={
            "period": _("Assessment period"),
            "end": _("Last day"),
            "composite": _("Composite score"),
            "grade": _("Grade"),
            "rank_in_unit": _("Rank in unit"),
        },
        totalled=(),
    )


@panel("my-dimensions", audience=PERSONAL, order=21)
def my_dimensions(scope: Scope) -> PanelResult:
    results = _own_results(scope)
    latest = results[-1] if results else None
    terms = [
        {
            "dimension": str(Dimension(term["dimension"]).label),
            "weight": term.get("weight"),
            "score": term.get("score"),
            "contribution": term.get("contribution"),
        }
        for term in (latest.terms if latest is not None else [])
    ]
    table = aggregates.dimension_scores(terms)
    values = {
        "name": scope.staff.name,
        "period": latest.member.period.name if latest else _("no assessment period"),
    }
    title = (
        _("My scores per dimension, %(period)s")
        if scope.is_own
        else _("Scores per dimension of %(name)s, %(period)s")
    ) % values
    figure = go.Figure(go.Bar(x=table["dimension"], y=table["score"], name=_("Score")))
    return PanelResult(
        title=title,
        figure=_layout(figure, title, _("Dimension"), _("Score (points)")),
        table=table,
        columns={
            "dimension": _("Dimension"),
            "weight": _("Weight (%)"),
            "score": _("Score"),
            "contribution": _("Contribution"),
        },
        totalled=("weight", "contribution"),
    )


PANEL_TITLES.update(
    {
        "score-distribution": gettext_lazy("Assessment score distribution"),
        "grades-quota": gettext_lazy("Grades against the quota"),
        "assessment-ranking": gettext_lazy("Assessment ranking"),
        "my-assessment": gettext_lazy("My assessment"),
        "my-dimensions": gettext_lazy("My scores per dimension"),
    }
)
