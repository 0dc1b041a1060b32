"""The coverage API: one post on one day, and the list of gaps."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kernel.roles import Role
from tests import factories

MON = date(2026, 3, 2)


@pytest.fixture
def pair(hall):
    a = factories.staff(unit=hall, name="Li Na")
    b = factories.staff(unit=hall, name="Wang Fang")
    post = factories.post(unit=hall, name="Invoice desk", critical=True)
    factories.pairing(post=post, a=a, b=b)
    return post, a, b


def test_post_coverage_names_who_covers_each_half_and_why(api_as, cadre, pair, manager):
    post, a, _b = pair
    factories.absence(staff=a, start_date=MON, end_half="am", approved_by=manager)

    response = api_as(cadre).get(f"/api/posts/{post.pk}/coverage/", {"date": "2026-03-02"})

    assert response.status_code == 200
    assert response.data["post"] == "Invoice desk" and response.data["date"] == "2026-03-02"
    am, pm = response.data["halves"]
    assert (am["half"], am["covered_by"]["name"], am["role"], am["reason"]) == (
        "am",
        "Wang Fang",
        "B",
        "a_absent_b_covers",
    )
    assert "Li Na" in am["reason_text"] and "Annual leave" in am["reason_text"]
    assert (pm["covered_by"]["id"], pm["role"], pm["is_gap"]) == (a.pk, "A", False)


def test_post_coverage_on_a_weekend_says_the_post_is_not_staffed(api_as, cadre, pair):
    post, _a, _b = pair

    response = api_as(cadre).get(f"/api/posts/{post.pk}/coverage/", {"date": "2026-03-07"})

    assert {h["reason"] for h in response.data["halves"]} == {"non_working_day"}
    assert all(h["covered_by"] is None for h in response.data["halves"])


def test_post_coverage_defaults_to_today(api_as, cadre, pair):
    post, _a, _b = pair

    response = api_as(cadre).get(f"/api/posts/{post.pk}/coverage/")

    assert response.data["date"] == timezone.localdate().isoformat()


def test_post_coverage_rejects_a_bad_date_and_hides_other_units_posts(api_as, cadre, pair):
    post, _a, _b = pair
    other_post = factories.post(unit=factories.unit())
    client = api_as(cadre)

    bad = client.get(f"/api/posts/{post.pk}/coverage/", {"date": "2026-02-30"})
    hidden = client.get(f"/api/posts/{other_post.pk}/coverage/", {"date": "2026-03-02"})

    assert bad.status_code == 400 and "date" in bad.data
    assert hidden.status_code == 404


def test_anonymous_gets_nothing(api_client, pair):
    post, _a, _b = pair

    assert api_client.get(f"/api/posts/{post.pk}/coverage/").status_code in (401, 403)
    assert api_client.get("/api/coverage/gaps/").status_code in (401, 403)


def test_gaps_lists_every_uncovered_post_day_of_the_users_units(api_as, manager, pair, hall):
    post, a, b = pair
    for person in (a, b):
        factories.absence(
            staff=person, start_date=MON, end_date=date(2026, 3, 9), approved_by=manager
        )
    other_manager = factories.staff(unit=factories.unit(), roles=(Role.CADRE, Role.MANAGER))

    response = api_as(manager).get(
        "/api/coverage/gaps/", {"start": "2026-03-01", "end": "2026-03-10"}
    )
    elsewhere = api_as(other_manager).get(
        "/api/coverage/gaps/", {"start": "2026-03-01", "end": "2026-03-10"}
    )

    assert response.status_code == 200
    # Mon 2 - Fri 6 and Mon 9: the weekend between is not staffed.
    assert [g["date"] for g in response.data["results"]] == [
        "2026-03-02",
        "2026-03-03",
        "2026-03-04",
        "2026-03-05",
        "2026-03-06",
        "2026-03-09",
    ]
    first = response.data["results"][0]
    assert (
        first["post_id"],
        first["post"],
        first["is_critical"],
        first["halves"],
        first["reason"],
    ) == (post.pk, "Invoice desk", True, ["am", "pm"], "both_absent")
    assert len(first["absences"]) == 2
    assert elsewhere.data["count"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2026-03-10", "end": "2026-03-01"},
        {"start": "yesterday"},
        {"start": "2026-01-01", "end": "2027-12-31"},
    ],
)
def test_gaps_rejects_bad_ranges_with_400(api_as, manager, params):
    response = api_as(manager).get("/api/coverage/gaps/", params)

    assert response.status_code == 400


def test_gaps_default_to_the_next_thirty_days(api_as, manager, hall):
    factories.post(unit=hall, name="Unpaired")
    today = timezone.localdate()

    response = api_as(manager).get("/api/coverage/gaps/", {"page_size": 500})

    dates = [date.fromisoformat(g["date"]) for g in response.data["results"]]
    assert dates and min(dates) >= today and max(dates) <= today + timedelta(days=30)


def test_gap_list_query_count_does_not_grow_with_posts(
    api_as, manager, hall, django_assert_max_num_queries
):
    for _ in range(10):
        factories.post(unit=hall)
    client = api_as(manager)

    with django_assert_max_num_queries(8):
        response = client.get("/api/coverage/gaps/", {"start": "2026-03-02", "end": "2026-03-31"})

    assert response.data["count"] == 10 * 22
