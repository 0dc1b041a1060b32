"""Feedback panels: the satisfaction ranking and one's own ratings equal the ratings given."""

from datetime import date

import pytest

from tests.feedback.conftest import (  # noqa: F401  (the feedback hall's fixtures)
    WORKDAY,
    b_holder,
    card,
    client_id,
    local,
    post,
    submit_rating,
    window,
)

PERIOD = {"start": "2026-03-01", "end": "2026-03-31"}


@pytest.fixture
def rated(submit_rating):  # noqa: F811
    # Morning: the A holder (Cadre Li) serves the window.
    for level in (5, 5, 4, 1):
        submit_rating(level=level, at=local(WORKDAY, 10))
    return date(2026, 3, 3)


def test_the_ranking_shows_each_persons_positive_rate_from_the_ratings(
    client, manager, cadre, rated
):
    client.force_login(manager.user)

    data = client.get(
        "/dashboards/panels/satisfaction-ranking.json", {"unit": manager.unit.pk, **PERIOD}
    ).json()

    rows = {row[1]: row for row in data["rows"]}
    assert rows["Cadre Li"][3] == 4  # ratings
    assert rows["Cadre Li"][4] == 1  # negative
    assert rows["Cadre Li"][5] == 0.75  # positive rate: 3 of 4


def test_a_cadre_sees_the_ratings_of_their_own_service_only(client, cadre, b_holder, rated):  # noqa: F811
    client.force_login(b_holder.user)
    theirs = client.get("/dashboards/panels/my-ratings.json", PERIOD).json()
    client.force_login(cadre.user)
    mine = client.get("/dashboards/panels/my-ratings.json", PERIOD).json()
    ranking = client.get(
        "/dashboards/panels/satisfaction-ranking.json", {"unit": cadre.unit.pk, **PERIOD}
    )

    assert sum(row[1] for row in mine["rows"]) == 4
    assert sum(row[1] for row in theirs["rows"]) == 0
    assert ranking.status_code == 404


def test_the_ratings_panel_says_my_only_to_the_person_and_names_them_to_a_manager(
    client, manager, cadre, rated
):
    client.force_login(cadre.user)
    own = client.get("/dashboards/panels/my-ratings.json", PERIOD).json()
    client.force_login(manager.user)
    drilled = client.get("/dashboards/panels/my-ratings.json", {**PERIOD, "staff": cadre.pk})

    assert own["title"].startswith("Taxpayers' ratings of my service")
    assert drilled.status_code == 200
    title = drilled.json()["title"]
    assert "my service" not in title and f"of the service of {cadre.name}" in title
    assert sum(row[1] for row in drilled.json()["rows"]) == 4  # the same figures
