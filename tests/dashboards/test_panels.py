"""The newer panels on a known bureau: each chart's numbers equal a direct query of the
data; links drill down bureau → hall → window → person; nobody gets figures beyond their
scope through a page, a panel endpoint or a CSV."""

import pytest
from django.db.models import Count, Q, Sum

from assessment.models import Grade, Result
from feedback.models import EntryStatus, Rating, SuggestionEntry
from integrity_files.models import IntegrityRecord, TrainingCredit
from tests.dashboards.conftest import PERIOD, REQUIRED_CREDITS


def _json(client, key, **params):
    response = client.get(f"/dashboards/panels/{key}.json", {**PERIOD, **params})
    assert response.status_code == 200, response.content
    return response.json()


def _table(data) -> list[dict]:
    return [dict(zip(data["columns"], row, strict=True)) for row in data["rows"]]


def test_the_window_panel_rates_equal_the_ratings_at_each_window(client, city):
    client.force_login(city.leader.user)

    rows = _table(_json(client, "window-satisfaction", unit=city.bureau.pk))

    direct = {
        str(window): Rating.objects.filter(window=window).aggregate(
            total=Count("pk"), positive=Count("pk", filter=Q(level__gte=3))
        )
        for window in city.windows
    }
    assert {r["Window"]: r["Ratings"] for r in rows} == {w: d["total"] for w, d in direct.items()}
    assert {r["Window"]: r["Positive rate (%)"] for r in rows} == {
        w: round(100 * d["positive"] / d["total"], 2) for w, d in direct.items()
    }
    assert [r["Worst or best"] for r in rows] == ["worst", "best"]


def test_reply_compliance_counts_the_deadlines_that_fell_in_the_period(client, city):
    client.force_login(city.leader.user)

    entries = _table(_json(client, "reply-compliance", unit=city.bureau.pk))[0]

    due = SuggestionEntry.objects.filter(due_date__range=("2026-03-01", "2026-03-31"))
    on_time = due.filter(status=EntryStatus.ANSWERED).count()
    assert entries["Deadlines"] == due.count() == 3
    assert entries["On time"] == on_time == 1
    assert entries["On time (%)"] == round(100 * on_time / due.count(), 2)


def test_overdue_entries_are_the_open_ones_past_their_deadline_with_window_links(client, city):
    client.force_login(city.leader.user)

    data = _json(client, "overdue-entries", unit=city.bureau.pk)
    page = client.get("/dashboards/", {"unit": city.bureau.pk, **PERIOD}).content.decode()

    open_past = SuggestionEntry.objects.filter(
        status__in=[EntryStatus.RECEIVED, EntryStatus.ACCEPTED], due_date__lt="2026-12-01"
    )
    assert {r["Tracking code"] for r in _table(data)} == set(
        open_past.values_list("tracking_code", flat=True)
    )
    assert data["summary"]["overdue"] == open_past.count() == 2
    assert f"/dashboards/windows/{city.windows[0].pk}/" in page


def test_the_integrity_heatmap_sums_each_halls_points_by_category(client, city):
    client.force_login(city.leader.user)

    rows = {r["Unit"]: r for r in _table(_json(client, "integrity-heatmap", unit=city.bureau.pk))}

    for hall in city.halls:
        direct = IntegrityRecord.objects.filter(staff__unit=hall).aggregate(total=Sum("points"))
        assert rows[hall.name]["Total points"] == direct["total"]
    assert rows["Hall 1"]["Diligence and dedication"] == 2
    assert rows["Hall 2"]["Honesty and self-discipline"] == 3


def test_the_credit_shortfall_is_the_requirement_less_the_credits_earned(client, city):
    client.force_login(city.leader.user)

    rows = _table(_json(client, "credit-shortfall", unit=city.bureau.pk))

    first = city.people[0][0]
    earned = TrainingCredit.objects.filter(staff=first).aggregate(n=Sum("credits"))["n"]
    by_name = {r["Name"]: r for r in rows}
    assert by_name[first.name]["Credits short"] == float(REQUIRED_CREDITS - earned) == 6.0
    assert city.people[0][1].name not in by_name  # earned the requirement


def test_assessment_panels_count_the_results_of_the_period(client, city):
    client.force_login(city.leader.user)

    bands = _json(client, "score-distribution", unit=city.bureau.pk)
    grades = {r["Unit"]: r for r in _table(_json(client, "grades-quota", unit=city.bureau.pk))}
    ranking = _table(_json(client, "assessment-ranking", unit=city.bureau.pk))

    results = Result.objects.filter(member__period=city.period)
    assert sum(row[1] for row in bands["rows"]) == results.count() == 4
    assert grades["Hall 1"]["Excellent"] == (
        results.filter(member__unit=city.halls[0], grade=Grade.EXCELLENT).count()
    )
    assert grades["Hall 1"]["Over the quota"] == "yes"  # 1 excellent, quota 20 % of 2 = 0
    assert [r["Composite score"] for r in ranking] == sorted(
        (float(v) for v in results.values_list("composite", flat=True)), reverse=True
    )


def test_the_manager_sees_their_hall_only_in_every_new_panel(client, city):
    client.force_login(city.manager.user)

    heatmap = _table(_json(client, "integrity-heatmap", unit=city.halls[0].pk))
    windows = _table(_json(client, "window-satisfaction", unit=city.halls[0].pk))
    other = client.get("/dashboards/panels/window-satisfaction.json", {"unit": city.halls[1].pk})

    assert {r["Unit"] for r in heatmap} == {"Hall 1"}
    assert {r["Unit"] for r in windows} == {"Hall 1"}
    assert other.status_code == 404


def test_the_leader_drills_down_from_bureau_to_hall_to_window_to_person(client, city):
    client.force_login(city.leader.user)
    hall, window, person = city.halls[0], city.windows[0], city.people[0][0]

    bureau_page = client.get("/dashboards/", {"unit": city.bureau.pk, **PERIOD}).content.decode()
    window_page = client.get(f"/dashboards/windows/{window.pk}/", PERIOD)
    person_page = client.get(f"/dashboards/people/{person.pk}/", PERIOD)

    assert f"?unit={hall.pk}&amp;start=2026-03-01" in bureau_page  # the heatmap's row
    assert f"/dashboards/windows/{window.pk}/?start=2026-03-01" in bureau_page
    assert window_page.status_code == 200
    window_html = window_page.content.decode()
    assert f"/dashboards/people/{person.pk}/?start=2026-03-01" in window_html
    assert f"?unit={hall.pk}" in window_html  # the breadcrumb back to the hall
    assert person_page.status_code == 200
    assert f"Figures of {person.name}" in person_page.content.decode()
    assert "Hall 2 P1" not in person_page.content.decode()


PERSONAL_KEYS = [
    "my-duties",
    "my-ratings",
    "my-satisfaction-trend",
    "my-assessment",
    "my-dimensions",
    "my-integrity",
]
UNIT_KEYS = [
    "satisfaction-trend",
    "window-satisfaction",
    "reply-compliance",
    "overdue-entries",
    "integrity-heatmap",
    "credit-shortfall",
    "score-distribution",
    "grades-quota",
    "assessment-ranking",
    "duty-fairness",
]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_cadre_never_gets_a_colleagues_figures_from_any_panel(client, city, fmt):
    cadre, colleague = city.people[0][0], city.people[0][1]
    client.force_login(cadre.user)

    for key in PERSONAL_KEYS:
        theirs = client.get(f"/dashboards/panels/{key}.{fmt}", {**PERIOD, "staff": colleague.pk})
        mine = client.get(f"/dashboards/panels/{key}.{fmt}", {**PERIOD, "staff": cadre.pk})
        assert theirs.status_code == 404, key
        assert mine.status_code == 200, key
    for key in UNIT_KEYS:
        for params in ({"unit": city.halls[0].pk}, {"unit": city.bureau.pk}, {}):
            response = client.get(f"/dashboards/panels/{key}.{fmt}", {**PERIOD, **params})
            assert response.status_code == 404, (key, params)
    for key in ["window-ratings", "window-staff", "window-compliance"]:
        response = client.get(f"/dashboards/panels/{key}.{fmt}", {"window": city.windows[0].pk})
        assert response.status_code == 404, key
    assert client.get(f"/dashboards/people/{colleague.pk}/").status_code == 404
    assert client.get(f"/dashboards/windows/{city.windows[0].pk}/").status_code == 404


def test_a_cadres_own_page_shows_only_their_own_figures_and_no_links(client, city):
    cadre = city.people[0][0]
    client.force_login(cadre.user)

    page = client.get("/dashboards/me/", {**PERIOD, "staff": city.people[0][1].pk})
    assessment = _json(client, "my-assessment")

    html = page.content.decode()
    assert "Hall 1 P2" not in html and "/dashboards/people/" not in html
    assert [row[2] for row in assessment["rows"]] == [95.0]


def test_a_manager_gets_404_for_a_person_of_another_hall(client, city):
    client.force_login(city.manager.user)
    other = city.people[1][0]

    assert client.get(f"/dashboards/people/{other.pk}/").status_code == 404
    response = client.get("/dashboards/panels/my-assessment.json", {"staff": other.pk})
    assert response.status_code == 404
    assert _json(client, "my-assessment", staff=city.people[0][0].pk)["rows"]


@pytest.mark.parametrize("params", [{"staff": "abc"}, {"window": "99999999999999999999"}])
def test_bad_staff_and_window_ids_are_400(client, city, params):
    client.force_login(city.leader.user)
    assert client.get("/dashboards/panels/my-duties.json", params).status_code == 400


def _ratings_by_day(**subject) -> dict[str, dict]:
    from django.db.models.functions import TruncDate

    rows = (
        Rating.objects.filter(**subject)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(total=Count("pk"), positive=Count("pk", filter=Q(level__gte=3)))
    )
    return {row["day"].isoformat(): row for row in rows}


def test_the_satisfaction_trend_counts_each_days_ratings_of_the_bureau(client, city):
    client.force_login(city.leader.user)

    rows = _table(_json(client, "satisfaction-trend", unit=city.bureau.pk))

    direct = _ratings_by_day()
    assert {r["Day"]: r["Ratings"] for r in rows} == {d: v["total"] for d, v in direct.items()}
    assert {r["Day"]: r["Positive rate"] for r in rows} == {
        d: round(v["positive"] / v["total"], 4) for d, v in direct.items()
    }


def test_a_hall_managers_trend_counts_only_the_halls_ratings(client, city):
    hall = city.halls[0]
    client.force_login(city.manager.user)

    rows = _table(_json(client, "satisfaction-trend", unit=hall.pk))

    assert sum(r["Ratings"] for r in rows) == Rating.objects.filter(unit=hall).count() > 0
    assert Rating.objects.exclude(unit=hall).exists()


def test_a_cadres_own_trend_counts_only_the_ratings_of_their_service(client, city):
    cadre = city.people[0][0]
    client.force_login(cadre.user)

    rows = _table(_json(client, "my-satisfaction-trend", staff=cadre.pk))

    direct = _ratings_by_day(staff=cadre)
    assert {r["Day"]: r["Ratings"] for r in rows} == {d: v["total"] for d, v in direct.items()}
