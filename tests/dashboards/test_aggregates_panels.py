"""The pure pandas shaping of the newer panels, on hand-made aggregates (no database)."""

import math
from datetime import date
from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go

from dashboards import aggregates
from dashboards.panels import PERSON_LINK, PanelResult

HALLS = [
    {"pk": 2, "name": "Hall B", "path": "b/hb/"},
    {"pk": 3, "name": "Hall A", "path": "b/ha/"},
]
BUREAU = {"pk": 1, "name": "Bureau", "path": "b/"}


def test_a_unit_deeper_down_counts_in_the_child_it_lies_in():
    assert aggregates.child_of("b/ha/w1/", HALLS, BUREAU)["pk"] == 3
    assert aggregates.child_of("b/", HALLS, BUREAU)["pk"] == 1


def test_by_child_unit_sums_per_child_in_the_childrens_order_own_unit_last():
    rows = [
        {"path": "b/ha/", "overdue": 1},
        {"path": "b/ha/sub/", "overdue": 2},
        {"path": "b/", "overdue": 4},
        {"path": "b/hb/", "overdue": 5},
    ]

    data = aggregates.by_child_unit(rows, HALLS, BUREAU, ["overdue"])

    assert data.values.tolist() == [[2, "Hall B", 5], [3, "Hall A", 3], [1, "Bureau", 4]]


def test_by_child_unit_of_nothing_keeps_its_columns():
    data = aggregates.by_child_unit([], HALLS, BUREAU, ["overdue"])
    assert data.empty and list(data.columns) == ["unit_id", "unit", "overdue"]


def test_the_integrity_heatmap_has_a_cell_per_unit_and_category_and_a_total():
    rows = [
        {"path": "b/ha/", "law": 1, "honesty": 2},
        {"path": "b/ha/", "law": 3, "honesty": 0},
        {"path": "b/hb/", "law": 0, "honesty": 5},
    ]

    data = aggregates.integrity_heatmap(rows, HALLS, BUREAU, ["law", "honesty"])

    assert data[["unit", "law", "honesty", "total"]].values.tolist() == [
        ["Hall B", 0, 5, 5],
        ["Hall A", 4, 2, 6],
    ]


def test_credit_shortfall_keeps_only_those_short_largest_first():
    rows = [
        {
            "staff_id": 1,
            "name": "Li",
            "employee_no": "1",
            "unit": "A",
            "required": Decimal(10),
            "earned": Decimal(4),
            "shortfall": Decimal(6),
        },
        {
            "staff_id": 2,
            "name": "Wu",
            "employee_no": "2",
            "unit": "A",
            "required": Decimal(10),
            "earned": Decimal(10),
            "shortfall": Decimal(0),
        },
        {
            "staff_id": 3,
            "name": "Ma",
            "employee_no": "3",
            "unit": "A",
            "required": Decimal(10),
            "earned": Decimal(1),
            "shortfall": Decimal(9),
        },
    ]

    data = aggregates.credit_shortfall(rows)

    assert data[["name", "shortfall"]].values.tolist() == [["Ma", 9.0], ["Li", 6.0]]


def test_score_distribution_counts_every_band_with_100_in_the_top_one():
    data = aggregates.score_distribution([Decimal("59.99"), 60, 75, 75.5, 90, 100])

    assert data.values.tolist() == [
        ["0-59", 1],
        ["60-69", 1],
        ["70-79", 2],
        ["80-89", 0],
        ["90-100", 2],
    ]


def test_grades_against_quota_counts_each_grade_and_flags_a_unit_over_its_quota():
    results = [
        {"unit": "A", "grade": "excellent"},
        {"unit": "A", "grade": "excellent"},
        {"unit": "A", "grade": "competent"},
        {"unit": "B", "grade": "competent"},
    ]
    quotas = [{"unit": "A", "members": 3, "quota": 1}, {"unit": "B", "members": 1, "quota": 0}]

    data = aggregates.grades_against_quota(results, quotas, ["excellent", "competent", "basic"])

    assert data.values.tolist() == [["A", 3, 1, 2, 1, 0, True], ["B", 1, 0, 0, 1, 0, False]]


def test_worst_and_best_take_n_from_each_end():
    data = pd.DataFrame(
        {"window": list("abcdef"), "ratings": [1] * 6, "rate": [50, 90, 10, 70, 30, 100]}
    )

    shaped = aggregates.worst_and_best(data, "rate", 2)

    assert shaped[["window", "end"]].values.tolist() == [
        ["c", "worst"],
        ["e", "worst"],
        ["b", "best"],
        ["f", "best"],
    ]


def test_worst_and_best_of_few_windows_splits_them_each_once():
    data = pd.DataFrame({"window": list("abc"), "ratings": [1, 1, 1], "rate": [20, 80, 50]})

    shaped = aggregates.worst_and_best(data, "rate", 5)

    assert shaped[["window", "end"]].values.tolist() == [
        ["a", "worst"],
        ["c", "worst"],
        ["b", "best"],
    ]


def test_compliance_rate_is_met_over_due_and_none_without_deadlines():
    data = aggregates.compliance(
        {
            "entries": {"due": 4, "met": 3, "missed_open": 1},
            "follow": {"due": 0, "met": 0, "missed_open": 0},
        }
    )

    assert data.iloc[0].tolist() == ["entries", 4, 3, 1, 1, 0.75]
    assert data.iloc[1]["rate"] is None or math.isnan(data.iloc[1]["rate"])


def test_a_persons_results_are_in_order_of_the_periods_end():
    data = aggregates.per_period(
        [
            {
                "period": "Q2",
                "end": "2026-06-30",
                "composite": Decimal("81.5"),
                "grade": "C",
                "rank_in_unit": 2,
            },
            {
                "period": "Q1",
                "end": "2026-03-31",
                "composite": Decimal(90),
                "grade": "E",
                "rank_in_unit": 1,
            },
        ]
    )
    assert data[["period", "composite"]].values.tolist() == [["Q1", 90.0], ["Q2", 81.5]]


def test_a_dimension_without_a_score_stays_empty_not_zero():
    data = aggregates.dimension_scores(
        [
            {"dimension": "Ability", "weight": "40", "score": None, "contribution": "0"},
            {"dimension": "Performance", "weight": "60", "score": "80.00", "contribution": "80.00"},
        ]
    )
    assert math.isnan(data.iloc[0]["score"]) and data.iloc[1]["score"] == 80.0


def test_a_panels_rows_carry_none_for_a_missing_rate_and_links_by_id():
    table = pd.DataFrame({"staff_id": [7, None], "name": ["Li", "?"], "rate": [0.5, math.nan]})
    result = PanelResult(
        title="t",
        figure=go.Figure(),
        table=table,
        columns={"name": "Name", "rate": "Rate"},
        links={"name": (PERSON_LINK, "staff_id")},
    )

    assert result.rows() == [["Li", 0.5], ["?", None]]
    assert result.link_ids() == [[(PERSON_LINK, 7.0), None], [None, None]]


def test_satisfaction_trend_is_daily_for_a_month_and_monthly_for_a_year():
    rows = [
        {"day": date(2026, 3, 2), "ratings": 4, "positive": 3},
        {"day": date(2026, 3, 3), "ratings": 0, "positive": 0},
        {"day": date(2026, 4, 1), "ratings": 2, "positive": 2},
    ]

    daily = aggregates.satisfaction_trend(rows, days=31)
    monthly = aggregates.satisfaction_trend(rows, days=365)

    assert daily.to_dict("records") == [
        {"when": "2026-03-02", "ratings": 4, "positive": 3, "positive_rate": 0.75},
        {"when": "2026-04-01", "ratings": 2, "positive": 2, "positive_rate": 1.0},
    ]
    assert monthly.to_dict("records") == [
        {"when": "2026-03", "ratings": 4, "positive": 3, "positive_rate": 0.75},
        {"when": "2026-04", "ratings": 2, "positive": 2, "positive_rate": 1.0},
    ]
    assert list(aggregates.satisfaction_trend([], days=31).columns) == [
        "when",
        "ratings",
        "positive",
        "positive_rate",
    ]


def test_a_ranked_bar_ranks_best_first_ties_sharing_and_scales_the_bars():
    from dashboards.panels import ranked_bar

    rows = [
        {"staff_id": 1, "name": "Li", "rate": 0.5},
        {"staff_id": 2, "name": "Wang", "rate": 0.9},
        {"staff_id": 3, "name": "Zhou", "rate": 0.9},
    ]

    result = ranked_bar(
        rows,
        fields=["staff_id", "name", "rate"],
        by="rate",
        title="Rates",
        columns={"rank": "Rank", "name": "Name", "rate": "Rate"},
        bar="Rate",
        y_title="Rate (%)",
        scale=100,
        links={"name": (PERSON_LINK, "staff_id")},
        totalled=(),
    )
    empty = ranked_bar(
        [],
        fields=["name", "rate"],
        by="rate",
        title="t",
        columns={"name": "N"},
        bar="b",
        y_title="y",
    )

    assert result.rows() == [[1, "Wang", 0.9], [1, "Zhou", 0.9], [3, "Li", 0.5]]
    assert list(result.figure.data[0].y) == [90.0, 90.0, 50.0]
    assert result.link_ids()[2][1] == (PERSON_LINK, 1)
    assert result.totalled == () and empty.rows() == []
