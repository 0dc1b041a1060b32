"""Panels over taxpayer feedback per window and over reply deadlines: the worst and best
windows, reply deadline compliance, overdue entries; and a window's own page (its
ratings, the people who served it). Read through feedback's scoped selectors
(`feedback.selectors.windows`, `deadline_compliance`), grouped in the database.

Kept beside `sources/feedback.py` (the per-person satisfaction panels) so the two can
change independently.
"""

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from dashboards import aggregates
from dashboards.panels import (
    PANEL_TITLES,
    PERSON_LINK,
    UNIT,
    WINDOW,
    WINDOW_LINK,
    PanelResult,
    Scope,
    _layout,
    panel,
    ranked_bar,
)
from feedback import selectors as feedback_selectors
from feedback.models import EntryKind
from staffmgmt import selectors as staff_selectors

WORST_BEST = 5
LEVELS = (5, 4, 3, 2, 1)


def _level_labels() -> dict[int, str]:
    from dashboards.sources.feedback import LEVEL_LABELS

    return {level: str(label) for level, label in LEVEL_LABELS.items()}


def _percent(rate) -> float | None:
    return None if rate is None else round(float(rate) * 100, 2)


@panel("window-satisfaction", audience=UNIT, order=11)
def window_satisfaction(scope: Scope) -> PanelResult:
    from dashboards.sources.feedback import rating_summaries

    # The same read as the satisfaction ranking's, added up per window.
    rows = [
        {
            "window_id": key["window_id"],
            "window": key["window"],
            "unit": key["window_unit"],
            "ratings": summary.total,
            "negative": summary.negative,
            "positive_rate": _percent(summary.positive_rate),
        }
        for key, summary in rating_summaries(scope, ["window_id", "window", "window_unit"])
        if summary.total
    ]
    data = aggregates.frame(
        rows, ["window_id", "window", "unit", "ratings", "negative", "positive_rate"]
    )
    data = aggregates.worst_and_best(data, "positive_rate", WORST_BEST)
    ends = {"worst": _("worst"), "best": _("best")}
    data["end"] = [ends[value] for value in data["end"]]
    title = _("The %(n)s worst and best windows by positive rate, %(period)s") % {
        "n": WORST_BEST,
        "period": scope.period,
    }
    figure = go.Figure(
        go.Bar(
            x=data["positive_rate"],
            y=[f"{w} ({u})" for w, u in zip(data["window"], data["unit"], strict=True)],
            orientation="h",
            name=_("Positive rate"),
            customdata=data["ratings"],
            hovertemplate="%{y}: %{x} % (%{customdata})<extra></extra>",
        )
    )
    return PanelResult(
        title=title,
        figure=_layout(figure, title, _("Positive rate (%)"), _("Window")),
        table=data,
        columns={
            "end": _("Worst or best"),
            "window": _("Window"),
            "unit": _("Unit"),
            "ratings": _("Ratings"),
            "negative": _("Negative ratings"),
            "positive_rate": _("Positive rate (%)"),
        },
        links={"window": (WINDOW_LINK, "window_id")},
        totalled=("ratings", "negative"),
    )


def _compliance(scope: Scope, **subject) -> PanelResult:
    figures = feedback_selectors.deadline_compliance(
        user=scope.user, start=scope.start, end=scope.end, **subject
    )
    kinds = {
        "entries": _("Suggestion-book entries"),
        "follow_ups": _("Follow-ups of negative ratings"),
    }
    data = aggregates.compliance(
        {
            str(kinds[kind]): {"due": s.due, "met": s.met, "missed_open": s.missed_open}
            for kind, s in figures.items()
        }
    )
    data["rate"] = [None if v is None else round(v * 100, 2) for v in data["rate"]]
    title = _("Replies on time against their deadline, %(period)s") % {"period": scope.period}
    figure = go.Figure()
    figure.add_bar(x=data["kind"], y=data["met"], name=_("On time"))
    figure.add_bar(x=data["kind"], y=data["missed"], name=_("Late or missed"))
    figure.update_layout(barmode="stack")
    return PanelResult(
        title=title,
        figure=_layout(figure, title, _("Kind"), _("Deadlines (count)")),
        table=data,
        columns={
            "kind": _("Kind"),
            "due": _("Deadlines"),
            "met": _("On time"),
            "missed": _("Late or missed"),
            "missed_open": _("Missed and still open"),
            "rate": _("On time (%)"),
        },
        totalled=("due", "met", "missed", "missed_open"),
    )


@panel("reply-compliance", audience=UNIT, order=30)
def reply_compliance(scope: Scope) -> PanelResult:
    return _compliance(scope, unit=scope.unit)


@panel("overdue-entries", audience=UNIT, order=31, reported=False)
def overdue_entries(scope: Scope) -> PanelResult:
    """Overdue now (like the gaps ahead, a state of today, not of the period)."""
    by_unit = feedback_selectors.overdue_entries_by_unit(user=scope.user, unit=scope.unit)
    own = {"pk": scope.unit.pk, "name": scope.unit.name, "path": scope.unit.path}
    counts = aggregates.by_child_unit(by_unit, scope.children(), own, ["overdue", "complaints"])
    entries = feedback_selectors.overdue_entry_list(user=scope.user, unit=scope.unit)
    kinds = dict(EntryKind.choices)
    data = aggregates.frame(
        [{**entry, "kind": str(kinds.get(entry["kind"], entry["kind"]))} for entry in entries],
        ["tracking_code", "kind", "unit", "window_id", "window", "owner", "due", "days_overdue"],
    )
    title = _("Suggestion-book entries past their deadline today, per unit")
    figure = go.Figure(go.Bar(x=counts["unit"], y=counts["overdue"], name=_("Overdue")))
    figure.add_bar(x=counts["unit"], y=counts["complaints"], name=_("Of which complaints"))
    return PanelResult(
        title=title,
        figure=_layout(figure, title, _("Unit"), _("Entries (count)")),
        table=data,
        columns={
            "tracking_code": _("Tracking code"),
            "kind": _("Kind"),
            "unit": _("Unit"),
            "window": _("Window"),
            "owner": _("Owner"),
            "due": _("Deadline"),
            "days_overdue": _("Days overdue"),
        },
        links={"window": (WINDOW_LINK, "window_id")},
        totalled=(),
        summary={
            "overdue": int(counts["overdue"].sum()) if not counts.empty else 0,
            "by_unit": [
                {"unit_id": int(r["unit_id"]), "unit": r["unit"], "overdue": int(r["overdue"])}
                for r in counts.to_dict("records")
            ],
        },
    )


@panel("window-ratings", audience=WINDOW, order=10)
def window_ratings(scope: Scope) -> PanelResult:
    summary = feedback_selectors.rating_summary(
        user=scope.user, start=scope.start, end=scope.end, window=scope.window
    )
    labels = _level_labels()
    data = aggregates.frame(
        [{"level": labels[level], "count": summary.by_level.get(level, 0)} for level in LEVELS],
        ["level", "count"],
    )
    rate = _percent(summary.positive_rate)
    title = _("Ratings at window %(window)s, %(period)s (positive rate %(rate)s)") % {
        "window": str(scope.window),
        "period": scope.period,
        "rate": "-" if rate is None else f"{rate:.1f}%",
    }
    figure = go.Figure(go.Bar(x=data["level"], y=data["count"], name=_("Ratings")))
    return PanelResult(
        title=title,
        figure=_layout(figure, title, _("Rating"), _("Ratings (count)")),
        table=data,
        columns={"level": _("Rating"), "count": _("Ratings")},
        summary={"total": summary.total, "positive_rate": rate},
    )


@panel("window-staff", audience=WINDOW, order=20)
def window_staff(scope: Scope) -> PanelResult:
    summaries = feedback_selectors.rating_summary_by_staff_at_window(
        user=scope.user, start=scope.start, end=scope.end, window=scope.window
    )
    people = {
        person.pk: person for person in staff_selectors.staff_by_ids_unscoped(ids=list(summaries))
    }
    rows = [
        {
            "staff_id": pk,
            "name": people[pk].name,
            "ratings": summary.total,
            "negative": summary.negative,
            "positive_rate": _percent(summary.positive_rate),
        }
        for pk, summary in summaries.items()
        if pk in people
    ]
    title = _("Positive rate of each person serving window %(window)s, %(period)s") % {
        "window": str(scope.window),
        "period": scope.period,
    }
    return ranked_bar(
        rows,
        fields=["staff_id", "name", "ratings", "negative", "positive_rate"],
        by="positive_rate",
        title=title,
        columns={
            "rank": _("Rank"),
            "name": pgettext("a person's name", "Name"),
            "ratings": _("Ratings"),
            "negative": _("Negative ratings"),
            "positive_rate": _("Positive rate (%)"),
        },
        bar=_("Positive rate"),
        y_title=_("Positive rate (%)"),
        links={"name": (PERSON_LINK, "staff_id")},
        totalled=("ratings", "negative"),
    )


@panel("window-compliance", audience=WINDOW, order=30)
def window_compliance(scope: Scope) -> PanelResult:
    return _compliance(scope, window=scope.window)


PANEL_TITLES.update(
    {
        "window-satisfaction": gettext_lazy("Worst and best windows"),
        "reply-compliance": gettext_lazy("Reply deadline compliance"),
        "overdue-entries": gettext_lazy("Overdue entries"),
        "window-ratings": gettext_lazy("Ratings at this window"),
        "window-staff": gettext_lazy("People serving this window"),
        "window-compliance": gettext_lazy("Reply deadline compliance"),
    }
)
