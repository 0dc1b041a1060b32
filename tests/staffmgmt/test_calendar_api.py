"""The work calendar over the REST API."""

from datetime import date

import pytest
from django.utils import translation

from staffmgmt import services
from staffmgmt.models import CalendarOverride, DayKind
from tests import factories

pytestmark = pytest.mark.django_db

DAYS_URL = "/api/calendar/days/"
PERIODS_URL = "/api/calendar/periods/"
OVERRIDES_URL = "/api/calendar/overrides/"


@pytest.fixture
def editor(hall):
    return factories.calendar_editor(unit=hall)


def test_days_lists_each_day_with_kind_name_and_adjusted_flag(api_as, cadre):
    response = api_as(cadre).get(
        DAYS_URL, {"start": "2026-02-13", "end": "2026-02-16"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert response.json() == [
        {"date": "2026-02-13", "kind": "working", "name": "", "is_adjusted_working_day": False},
        {
            "date": "2026-02-14",
            "kind": "working",
            "name": "Adjusted working day (Spring Festival)",
            "is_adjusted_working_day": True,
        },
        {
            "date": "2026-02-15",
            "kind": "holiday",
            "name": "Spring Festival",
            "is_adjusted_working_day": False,
        },
        {
            "date": "2026-02-16",
            "kind": "holiday",
            "name": "Spring Festival",
            "is_adjusted_working_day": False,
        },
    ]


def test_day_names_follow_the_requested_language(api_as, cadre):
    response = api_as(cadre).get(
        DAYS_URL, {"start": "2025-10-06", "end": "2025-10-06"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.json()[0]["name"] == "国庆节"


def test_days_of_three_years_take_a_fixed_number_of_queries(
    api_as, cadre, django_assert_max_num_queries
):
    client = api_as(cadre)
    for day in (date(2025, 3, 3), date(2025, 3, 4), date(2026, 7, 1)):
        services.calendar_override_set(actor=None, day=day, kind=DayKind.HOLIDAY)

    # Authentication and role lookups, then one query for the overrides.
    with django_assert_max_num_queries(4):
        response = client.get(DAYS_URL, {"start": "2024-01-01", "end": "2026-12-31"})

    assert response.status_code == 200
    assert len(response.json()) == 1096


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"start": "2026-02-01"},
        {"end": "2026-02-01"},
        {"start": "2026-02-30", "end": "2026-03-01"},
        {"start": "yesterday", "end": "2026-03-01"},
        {"start": "2026-03-01", "end": "2026-02-01"},
        {"start": "2020-01-01", "end": "2026-01-01"},
        {"start": "1900-01-01", "end": "1900-01-02"},
        {"start": "0001-01-01", "end": "0001-01-02"},
        {"start": "9999-12-30", "end": "9999-12-31"},
    ],
)
@pytest.mark.parametrize("url", [DAYS_URL, PERIODS_URL])
def test_bad_missing_reversed_or_too_long_ranges_are_400_with_field_errors(
    api_as, cadre, url, params
):
    response = api_as(cadre).get(url, params)

    assert response.status_code == 400
    assert set(response.json()) <= {"start", "end"}


def test_periods_lists_each_period_with_its_full_extent(api_as, cadre):
    response = api_as(cadre).get(
        PERIODS_URL, {"start": "2026-02-20", "end": "2026-04-04"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert response.json() == [
        {"name": "Spring Festival", "start": "2026-02-15", "end": "2026-02-23", "days": 9},
        {"name": "Tomb-Sweeping Day", "start": "2026-04-04", "end": "2026-04-06", "days": 3},
    ]


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", DAYS_URL + "?start=2026-02-01&end=2026-02-28"),
        ("get", PERIODS_URL + "?start=2026-02-01&end=2026-02-28"),
        ("get", OVERRIDES_URL),
        ("post", OVERRIDES_URL),
    ],
)
def test_anonymous_requests_are_refused(api_client, method, url):
    response = getattr(api_client, method)(url)

    assert response.status_code in (401, 403)


def test_any_staff_member_lists_the_overrides_with_few_queries(
    api_as, cadre, django_assert_max_num_queries
):
    for day in range(1, 21):
        services.calendar_override_set(
            actor=None, day=date(2027, 1, day), kind=DayKind.HOLIDAY, name="Test"
        )
    client = api_as(cadre)

    with django_assert_max_num_queries(5):
        response = client.get(OVERRIDES_URL, {"start": "2027-01-05", "end": "2027-01-14"})

    assert response.status_code == 200
    assert response.json()["count"] == 10
    assert response.json()["results"][0] == {
        "date": "2027-01-05",
        "kind": "holiday",
        "name": "Test",
        "note": "",
    }


def test_an_editor_overrides_a_day_and_the_days_endpoint_shows_it(api_as, editor):
    client = api_as(editor)

    response = client.post(
        OVERRIDES_URL,
        {
            "date": "2026-03-13",
            "kind": "holiday",
            "name": "Bureau anniversary",
            "note": "Decision 7",
        },
    )
    days = client.get(DAYS_URL, {"start": "2026-03-13", "end": "2026-03-13"}).json()

    assert response.status_code == 201
    assert response.json()["date"] == "2026-03-13"
    assert days[0]["kind"] == "holiday" and days[0]["name"] == "Bureau anniversary"


def test_posting_a_day_again_replaces_its_override(api_as, editor):
    client = api_as(editor)
    client.post(OVERRIDES_URL, {"date": "2026-03-13", "kind": "holiday"})

    response = client.post(OVERRIDES_URL, {"date": "2026-03-13", "kind": "weekend"})

    assert response.status_code == 201
    assert CalendarOverride.objects.get().kind == DayKind.WEEKEND


def test_an_editor_changes_and_drops_an_override_by_its_date(api_as, editor):
    services.calendar_override_set(actor=editor.user, day=date(2026, 3, 13), kind=DayKind.HOLIDAY)
    client = api_as(editor)

    changed = client.patch(OVERRIDES_URL + "2026-03-13/", {"name": "Renamed"})
    dropped = client.delete(OVERRIDES_URL + "2026-03-13/?reason=mistake")

    assert changed.status_code == 200
    assert changed.json() == {
        "date": "2026-03-13",
        "kind": "holiday",
        "name": "Renamed",
        "note": "",
    }
    assert dropped.status_code == 204
    assert not CalendarOverride.objects.exists()
    assert CalendarOverride.history.filter(history_type="-").get().history_change_reason == (
        "mistake"
    )


def test_an_override_with_a_bad_kind_is_400_and_nothing_is_saved(api_as, editor):
    response = api_as(editor).post(OVERRIDES_URL, {"date": "2026-03-13", "kind": "party"})

    assert response.status_code == 400
    assert "kind" in response.json()
    assert not CalendarOverride.objects.exists()


def test_an_override_outside_the_supported_years_is_400(api_as, editor):
    response = api_as(editor).post(OVERRIDES_URL, {"date": "1900-01-01", "kind": "holiday"})

    assert response.status_code == 400
    assert "date" in response.json()


def test_an_impossible_date_in_the_url_is_404(api_as, editor):
    response = api_as(editor).delete(OVERRIDES_URL + "2026-02-30/")

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["cadre", "manager"])
def test_staff_without_the_permission_may_not_change_overrides(api_as, who, request):
    person = request.getfixturevalue(who)
    services.calendar_override_set(actor=None, day=date(2026, 3, 13), kind=DayKind.HOLIDAY)
    client = api_as(person)

    created = client.post(OVERRIDES_URL, {"date": "2026-03-16", "kind": "holiday"})
    changed = client.patch(OVERRIDES_URL + "2026-03-13/", {"kind": "working"})
    dropped = client.delete(OVERRIDES_URL + "2026-03-13/")

    assert (created.status_code, changed.status_code, dropped.status_code) == (403, 403, 403)
    assert list(CalendarOverride.objects.values_list("date", "kind")) == [
        (date(2026, 3, 13), "holiday")
    ]


def test_the_schema_documents_the_calendar_endpoints(api_as, cadre):
    with translation.override("en"):
        schema = api_as(cadre).get("/api/schema/", HTTP_ACCEPT="application/json").json()

    days = schema["paths"]["/api/calendar/days/"]["get"]
    assert {p["name"] for p in days["parameters"]} >= {"start", "end"}
    assert "/api/calendar/periods/" in schema["paths"]
    assert "/api/calendar/overrides/{date}/" in schema["paths"]
