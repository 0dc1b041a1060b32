"""The pure pandas shaping of dashboard aggregates, without a database."""

from hypothesis import given
from hypothesis import strategies as st

from dashboards import aggregates


def test_duty_fairness_sorts_by_duties_and_reports_the_spread():
    rows = [
        {"name": "Li", "employee_no": "1", "unit": "H", "duties": 3, "holiday_duties": 1},
        {"name": "Wang", "employee_no": "2", "unit": "H", "duties": 5, "holiday_duties": 0},
        {"name": "Zhao", "employee_no": "3", "unit": "H", "duties": 4, "holiday_duties": 2},
    ]
    data, summary = aggregates.duty_fairness(rows)
    assert list(data["name"]) == ["Wang", "Zhao", "Li"]
    assert summary == {"people": 3, "mean": 4.0, "spread": 2}


def test_duty_fairness_of_nobody_is_an_empty_frame_with_zero_figures():
    data, summary = aggregates.duty_fairness([])
    assert data.empty and summary == {"people": 0, "mean": 0.0, "spread": 0}


def test_lateness_keeps_only_people_who_were_late_with_their_share():
    rows = [
        {"name": "Li", "unit": "H", "checked_in": 4, "late": 1, "minutes_late": 5},
        {"name": "Wang", "unit": "H", "checked_in": 3, "late": 0, "minutes_late": 0},
    ]
    data = aggregates.lateness(rows)
    assert list(data["name"]) == ["Li"] and data["late_share"][0] == 0.25


def test_gaps_by_day_adds_the_half_days_of_each_day():
    rows = [
        {"day": "2026-12-07", "post": "A", "unit": "H", "count": 2},
        {"day": "2026-12-07", "post": "B", "unit": "H", "count": 1},
        {"day": "2026-12-08", "post": "A", "unit": "H", "count": 1},
    ]
    data = aggregates.gaps_by_day(rows)
    assert data.to_dict("records") == [
        {"day": "2026-12-07", "gaps": 3},
        {"day": "2026-12-08", "gaps": 1},
    ]


def test_satisfaction_counts_the_top_three_levels_as_positive():
    rows = [
        {"window": "1", "level": "very_satisfied", "count": 6},
        {"window": "1", "level": "dissatisfied", "count": 2},
        {"window": "2", "level": "basically_satisfied", "count": 1},
        {"window": "2", "level": "very_dissatisfied", "count": 3},
    ]
    data = aggregates.satisfaction(rows, "window")
    assert data.to_dict("records") == [
        {"window": "1", "ratings": 8, "positive": 6, "positive_rate": 0.75},
        {"window": "2", "ratings": 4, "positive": 1, "positive_rate": 0.25},
    ]


LEVELS = [*aggregates.POSITIVE_LEVELS, "dissatisfied", "very_dissatisfied"]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.sampled_from(LEVELS),
            st.integers(min_value=1, max_value=1000),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_a_positive_rate_is_a_share_between_zero_and_one(counts):
    rows = [{"unit": u, "level": level, "count": n} for u, level, n in counts]
    data = aggregates.satisfaction(rows, "unit")
    assert ((data["positive_rate"] >= 0) & (data["positive_rate"] <= 1)).all()
    assert int(data["ratings"].sum()) == sum(n for _, _, n in counts)


def test_ranked_gives_ties_the_same_better_rank():
    data = aggregates.frame(
        [{"name": "a", "rate": 0.9}, {"name": "b", "rate": 0.9}, {"name": "c", "rate": 0.5}],
        ["name", "rate"],
    )
    assert list(aggregates.ranked(data, "rate")["rank"]) == [1, 1, 3]


def test_plotly_js_is_a_static_file_of_the_app_not_a_cdn_url():
    from django.contrib.staticfiles import finders

    found = finders.find("dashboards/plotly.min.js")
    with open(found, "rb") as source:
        assert source.read(200).lstrip().startswith(b"/**")
