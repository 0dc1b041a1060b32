"""Counts in messages take the right plural: "1 person", never "1 people"."""

from datetime import date

from roster.services.assignments import _team_warnings
from tests import factories


def test_a_day_short_of_people_says_1_person(hall, cadre):
    noon = factories.duty_type(unit=hall, name="Noon duty", headcount=2)

    (warning,) = _team_warnings(noon, date(2026, 3, 4), [cadre])

    assert "would have 1 person on Noon duty" in warning["message"]
