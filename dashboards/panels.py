"""Dashboard panels: one chart and its table each, registered on `dashboards.panels`.

A panel reads other apps only through their selectors (database aggregates), shapes the
aggregates with the pure functions of `dashboards.aggregates` and draws with plotly. Each
panel says whom it is for: `unit` panels show the figures of a unit and everything under
it (leadership, managers); `personal` panels show only the reader's own figures, so a
cadre never sees anyone else's.

A new source (feedback, integrity files, assessment) is one more registered panel; a
failing panel is logged and left out (policy LOG_AND_SKIP), so one broken source never
takes the dashboard down.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from dashboards import aggregates
from kernel.extensions import ErrorPolicy, extension_point
from roster import selectors as roster_selectors
from staffmgmt import selectors as staff_selectors

UNIT = "unit"
WINDOW = "window"
PERSONAL = "personal"
GAP_HORIZON_DAYS = 14


@dataclass(frozen=True)
class Scope:
    """What a panel is asked for: whose figures, over which period."""

    user: object
    start: date
    end: date
    unit: object = None  # the unit (and everything under it) for unit panels
    staff: object = None  # whose figures personal panels show (the reader's, or one they see)
    window: object = None  # the window of window panels
    # Figures several panels of one page share (read once per page): see `memo`.
    shared: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def memo(self, key: str, compute: Callable[[], object]):
        """`compute()` once per scope: panels of a page that need the same aggregate read
        it once (the assessment period and its results, the child units)."""
        if key not in self.shared:
            self.shared[key] = compute()
        return self.shared[key]

    @property
    def is_own(self) -> bool:
        """Whether personal panels show the reader's own figures (else a colleague's, to
        a leader or manager who drilled down to them)."""
        own = staff_selectors.staff_for_user(user=self.user)
        return own is not None and self.staff is not None and own.pk == self.staff.pk

    @property
    def period(self) -> str:
        return _("%(start)s to %(end)s") % {
            "start": formats.date_format(self.start, "SHORT_DATE_FORMAT"),
            "end": formats.date_format(self.end, "SHORT_DATE_FORMAT"),
        }

    def units(self):
        """The unit and everything under it, as a queryset (a subquery of other apps'
        selectors: no query of its own)."""
        return staff_selectors.org_unit_subtree_unscoped(unit=self.unit)

    def subtree(self) -> list[dict]:
        """The unit and every unit under it (pk, name, path, parent_id), read once a page
        for what the panels and the page shape in Python: the child units of the
        drill-down, the ids a look-ahead list is kept to."""
        return self.memo(
            "subtree",
            lambda: list(self.units().order_by("path").values("pk", "name", "path", "parent_id")),
        )

    def children(self) -> list[dict]:
        """The units directly under the scope's unit (pk, name, path), by name: figures of
        people further down are counted in the child they belong to, so each row of a
        by-unit panel is one step of the drill-down (and the page's drill-down links)."""
        rows = [row for row in self.subtree() if row["parent_id"] == self.unit.pk]
        return sorted(
            ({"pk": r["pk"], "name": r["name"], "path": r["path"]} for r in rows),
            key=lambda row: row["name"],
        )


@dataclass
class PanelResult:
    title: str
    figure: go.Figure
    table: pd.DataFrame
    columns: dict[str, str]  # table column → its heading
    summary: dict = field(default_factory=dict)
    # Drill-down: table column → (UNIT_LINK / WINDOW_LINK / PERSON_LINK, the table column
    # holding the id to open); the view turns them into links.
    links: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Columns the report's totals row adds up (None: every numeric column); rates, ranks
    # and scores are not added up.
    totalled: tuple[str, ...] | None = None

    def rows(self) -> list[list]:
        """The table's cells, a missing figure (a rate without data) as None, not NaN."""
        if self.table.empty:
            return []
        table = self.table[list(self.columns)].astype(object)
        return table.where(pd.notna(table), None).values.tolist()

    def link_ids(self) -> list[list]:
        """Per row, per column: (link kind, id) where the column links somewhere, else None."""
        if self.table.empty or not self.links:
            return [[None] * len(self.columns) for _row in range(len(self.table))]
        return [
            [
                (self.links[column][0], record[self.links[column][1]])
                if column in self.links and pd.notna(record[self.links[column][1]])
                else None
                for column in self.columns
            ]
            for record in self.table.to_dict("records")
        ]


UNIT_LINK = "unit"
WINDOW_LINK = "window"
PERSON_LINK = "person"


@dataclass(frozen=True)
class Panel:
    key: str
    audience: str  # UNIT, WINDOW or PERSONAL
    order: int
    build: Callable[[Scope], PanelResult]
    # In the monthly statistical report (a look ahead such as coverage gaps is not).
    reported: bool = True


panels = extension_point(
    "dashboards.panels",
    policy=ErrorPolicy.LOG_AND_SKIP,
    doc="Panel(key, audience, order, build(scope) -> PanelResult) of the dashboards.",
)


def panel(key: str, *, audience: str, order: int, reported: bool = True):
    """Register the decorated build function as a panel."""

    def register(build: Callable[[Scope], PanelResult]) -> Callable[[Scope], PanelResult]:
        panels.register(
            Panel(key=key, audience=audience, order=order, build=build, reported=reported),
            key=key,
        )
        return build

    return register


def panels_for(audience: str) -> list[Panel]:
    return sorted((p for p in panels if p.audience == audience), key=lambda p: p.order)


def panel_results(audience: str, scope: Scope, *, reported_only: bool = False) -> list:
    """(panel, result) for each panel of `audience`; a failing panel is logged and left
    out, as the extension point's policy says."""
    import logging

    results = []
    for item in panels_for(audience):
        if reported_only and not item.reported:
            continue
        try:
            results.append((item, item.build(scope)))
        except Exception:
            logging.getLogger(__name__).exception("dashboard panel %s failed", item.key)
    return results


def panel_get(key: str) -> Panel | None:
    return next((p for p in panels if p.key == key), None)


def _layout(figure: go.Figure, title: str, x: str, y: str) -> go.Figure:
    figure.update_layout(
        title={"text": title},
        xaxis_title=x,
        yaxis_title=y,
        margin={"l": 60, "r": 20, "t": 60, "b": 60},
        height=360,
    )
    return figure


def ranked_bar(
    rows: list[dict],
    *,
    fields: list[str],
    by: str,
    title: str,
    columns: dict[str, str],
    bar: str,
    y_title: str,
    scale: float = 1,
    links: dict[str, tuple[str, str]] | None = None,
    totalled: tuple[str, ...] | None = None,
) -> PanelResult:
    """A per-person ranking: `rows` (dicts with `fields`, among them `name`) as a frame
    ranked by `by` (best first, ties sharing the better rank), drawn as one bar per person
    (`by` times `scale`, e.g. a rate as a percentage) and tabled under `columns` (which
    may name `rank`). The satisfaction, assessment and window rankings are this panel."""
    data = aggregates.ranked(aggregates.frame(rows, fields), by)
    figure = go.Figure(
        go.Bar(x=data["name"], y=data[by] if scale == 1 else data[by] * scale, name=bar)
    )
    return PanelResult(
        title=title,
        figure=_layout(figure, title, _("Person"), y_title),
        table=data,
        columns=columns,
        links=links or {},
        totalled=totalled,
    )


def _duty_figures(scope: Scope) -> list:
    """Duties, holiday duties and check-ins per person of the unit: one grouped query for
    the fairness and the lateness panels of a page."""
    return scope.memo(
        "duty-figures",
        lambda: list(
            roster_selectors.duty_figures_by_staff(
                user=scope.user, units=scope.units(), start=scope.start, end=scope.end
            )
        ),
    )


@panel("duty-fairness", audience=UNIT, order=40)
def duty_fairness(scope: Scope) -> PanelResult:
    rows = _duty_figures(scope)
    data, summary = aggregates.duty_fairness(rows)
    title = _("Duties per person, %(period)s (spread %(spread)s)") % {
        "period": scope.period,
        "spread": summary["spread"],
    }
    figure = go.Figure(go.Bar(x=data["name"], y=data["duties"], name=_("Duties")))
    figure.add_bar(x=data["name"], y=data["holiday_duties"], name=_("Holiday duties"))
    return PanelResult(
        title=title,
        figure=_layout(figure, title, _("Person"), _("Duties (count)")),
        table=data,
        columns={
            "name": pgettext("a person's name", "Name"),
            "employee_no": _("Staff number"),
            "unit": _("Unit"),
            "duties": _("Duties"),
            "holiday_duties": _("Holiday duties"),
        },
        summary=summary,
        links={"name": (PERSON_LINK, "staff_id")},
        totalled=("duties", "holiday_duties"),
    )


@panel("checkin-lateness", audience=UNIT, order=50)
def checkin_lateness(scope: Scope) -> PanelResult:
    rows = _duty_figures(scope)
    data = aggregates.lateness(rows)
    title = _("Late duty check-ins per person, %(period)s") % {"period": scope.period}
    figure = go.Figure(go.Bar(x=data["name"], y=data["late"], name=_("Late check-ins")))
    return PanelResult(
        title=title,
        figure=_layout(figure, title, _("Person"), _("Late check-ins (count)")),
        table=data,
        columns={
            "name": pgettext("a person's name", "Name"),
            "unit": _("Unit"),
            "checked_in": _("Check-ins"),
            "late": _("Late"),
            "minutes_late": _("Minutes late"),
        },
        links={"name": (PERSON_LINK, "staff_id")},
        totalled=("checked_in", "late", "minutes_late"),
    )


@panel("coverage-gaps", audience=UNIT, order=60, reported=False)
def coverage_gaps(scope: Scope) -> PanelResult:
    """Gaps ahead (from today), since they are to be seen before they happen."""
    start = timezone.localdate()
    end = start + timedelta(days=GAP_HORIZON_DAYS - 1)
    # The unit's posts only, chosen in the database, and only those whose A holder is not
    # surely present throughout expanded day by day (staffmgmt's gap_list).
    gaps = staff_selectors.gap_list(user=scope.user, start=start, end=end, units=scope.units())
    rows = [
        {
            "day": gap.date.isoformat(),
            "post": gap.post.name,
            "unit": gap.post.unit.name,
            "halves": str(gap.halves_label),
            "count": len(gap.halves),
        }
        for gap in gaps
    ]
    by_day = aggregates.gaps_by_day(rows)
    title = _("Uncovered AB posts in the next %(days)s days (half days)") % {
        "days": GAP_HORIZON_DAYS
    }
    figure = go.Figure(go.Bar(x=by_day["day"], y=by_day["gaps"], name=_("Gaps")))
    return PanelResult(
        title=title,
        figure=_layout(figure, title, _("Day"), _("Uncovered half days (count)")),
        table=aggregates.frame(rows, ["day", "post", "unit", "halves"]),
        columns={"day": _("Day"), "post": _("Post"), "unit": _("Unit"), "halves": _("Half days")},
        totalled=(),
    )


@panel("my-duties", audience=PERSONAL, order=40)
def my_duties(scope: Scope) -> PanelResult:
    rows = roster_selectors.duty_figures_by_month_for_staff(
        user=scope.user, staff=scope.staff, start=scope.start, end=scope.end
    )
    data = aggregates.monthly(rows, "duties")
    if not data.empty:
        extra = aggregates.monthly(rows, "late")
        data = data.merge(extra, on="month")
    values = {"period": scope.period, "name": scope.staff.name}
    title = (
        _("My duties by month, %(period)s")
        if scope.is_own
        else _("Duties by month of %(name)s, %(period)s")
    ) % values
    figure = go.Figure(go.Bar(x=data.get("month", []), y=data.get("duties", []), name=_("Duties")))
    if not data.empty:
        figure.add_scatter(x=data["month"], y=data["late"], name=_("Late check-ins"))
    return PanelResult(
        title=title,
        figure=_layout(figure, title, _("Month"), _("Count")),
        table=data,
        columns={"month": _("Month"), "duties": _("Duties"), "late": _("Late check-ins")},
        totalled=("duties", "late"),
    )


PANEL_TITLES = {
    "duty-fairness": gettext_lazy("Duty fairness"),
    "checkin-lateness": gettext_lazy("Check-in lateness"),
    "coverage-gaps": gettext_lazy("AB coverage gaps"),
    "my-duties": gettext_lazy("My duties"),
}
