"""Panels over the integrity files: points by category as a heatmap by unit, training
credit shortfall, and a person's own points and credits. Read through integrity_files'
summary selectors, which give only the people the reader may summarise."""

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from dashboards import aggregates
from dashboards.panels import (
    PANEL_TITLES,
    PERSON_LINK,
    PERSONAL,
    UNIT,
    UNIT_LINK,
    PanelResult,
    Scope,
    _layout,
    panel,
)
from integrity_files import selectors as integrity_selectors
from integrity_files.models import Category


def _categories() -> list[str]:
    return list(Category.values)


def _summaries(scope: Scope) -> list:
    """Per person of the unit: points by category and the credit shortfall of the year the
    period ends in, read once for both panels (a fixed number of queries)."""
    return scope.memo(
        "integrity-summaries",
        lambda: integrity_selectors.integrity_summary_list(
            user=scope.user, start=scope.start, end=scope.end, unit=scope.unit
        ),
    )


@panel("integrity-heatmap", audience=UNIT, order=70)
def integrity_heatmap(scope: Scope) -> PanelResult:
    summaries = _summaries(scope)
    categories = _categories()
    rows = [
        {"path": summary.staff.unit.path, **{c: summary.points.get(c, 0) for c in categories}}
        for summary in summaries
    ]
    own = {"pk": scope.unit.pk, "name": scope.unit.name, "path": scope.unit.path}
    data = aggregates.integrity_heatmap(rows, scope.children(), own, categories)
    labels = {c: str(Category(c).label) for c in categories}
    title = _("Integrity points by category and unit, %(period)s") % {"period": scope.period}
    figure = go.Figure(
        go.Heatmap(
            z=data[categories].values.tolist() if not data.empty else [],
            x=[labels[c] for c in categories],
            y=list(data["unit"]),
            colorscale="Reds",
            colorbar={"title": {"text": _("Points")}},
            hovertemplate="%{y} · %{x}: %{z}<extra></extra>",
        )
    )
    return PanelResult(
        title=title,
        figure=_layout(figure, title, _("Category"), _("Unit")),
        table=data,
        columns={"unit": _("Unit"), **labels, "total": _("Total points")},
        links={"unit": (UNIT_LINK, "unit_id")},
        totalled=(*categories, "total"),
    )


@panel("credit-shortfall", audience=UNIT, order=80)
def credit_shortfall(scope: Scope) -> PanelResult:
    year = scope.end.year
    shortfalls = [s.credit for s in _summaries(scope) if s.credit and s.credit.shortfall > 0]
    rows = [
        {
            "staff_id": row.staff.pk,
            "name": row.staff.name,
            "employee_no": row.staff.employee_no,
            "unit": row.staff.unit.name,
            "required": row.required,
            "earned": row.earned,
            "shortfall": row.shortfall,
        }
        for row in shortfalls
    ]
    data = aggregates.credit_shortfall(rows)
    title = _("Training credits short of the requirement per person, %(year)s") % {"year": year}
    figure = go.Figure(go.Bar(x=data["name"], y=data["shortfall"], name=_("Credits short")))
    return PanelResult(
        title=title,
        figure=_layout(figure, title, _("Person"), _("Credits short (credits)")),
        table=data,
        columns={
            "name": pgettext("a person's name", "Name"),
            "employee_no": _("Staff number"),
            "unit": _("Unit"),
            "required": _("Credits required"),
            "earned": _("Credits earned"),
            "shortfall": _("Credits short"),
        },
        links={"name": (PERSON_LINK, "staff_id")},
        totalled=("required", "earned", "shortfall"),
        summary={"people": len(data), "year": year},
    )


@panel("my-integrity", audience=PERSONAL, order=60)
def my_integrity(scope: Scope) -> PanelResult:
    points = integrity_selectors.integrity_points_by_category(
        user=scope.user, start=scope.start, end=scope.end, staff=scope.staff
    )
    credit = integrity_selectors.credit_shortfall_for_staff(
        user=scope.user, staff=scope.staff, year=scope.end.year
    )
    categories = _categories()
    data = aggregates.frame(
        [{"category": str(Category(c).label), "points": points.get(c, 0)} for c in categories],
        ["category", "points"],
    )
    values = {"period": scope.period, "name": scope.staff.name}
    title = (
        _("My integrity points by category, %(period)s")
        if scope.is_own
        else _("Integrity points by category of %(name)s, %(period)s")
    ) % values
    figure = go.Figure(go.Bar(x=data["category"], y=data["points"], name=_("Points")))
    summary = {"total": int(data["points"].sum())}
    if credit is not None:
        summary.update(
            required=float(credit.required),
            earned=float(credit.earned),
            shortfall=float(credit.shortfall),
        )
    return PanelResult(
        title=title,
        figure=_layout(figure, title, _("Category"), _("Points")),
        table=data,
        columns={"category": _("Category"), "points": _("Points")},
        summary=summary,
    )


PANEL_TITLES.update(
    {
        "integrity-heatmap": gettext_lazy("Integrity points by unit"),
        "credit-shortfall": gettext_lazy("Training credit shortfall"),
        "my-integrity": gettext_lazy("Integrity points"),
    }
)
