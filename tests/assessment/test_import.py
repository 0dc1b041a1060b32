"""The upload of actual values: line-numbered errors, all or nothing, re-upload replaces."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from assessment import services
from assessment.errors import AssessmentError
from assessment.models import Period, Score
from tests.assessment.conftest import advance_to, build_world, open_period


@pytest.fixture
def scoring(db):
    world = build_world()
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    return world, period


def _csv(*rows) -> bytes:
    return ("employee_no,indicator_code,actual_value\n" + "\n".join(rows)).encode()


def _actual(staff):
    return Score.objects.get(member__staff=staff, indicator__code="declarations").actual_value


def test_a_clean_file_sets_the_values_and_their_points(scoring):
    world, period = scoring
    a, b = world.cadres[:2]
    count = services.actuals_import(
        actor=world.manager.user,
        period=period,
        content=_csv(f"{a.employee_no},declarations,80", f"{b.employee_no},declarations,120"),
        filename="q1.csv",
    )
    assert count == 2
    score = Score.objects.get(member__staff=b, indicator__code="declarations")
    assert (score.actual_value, score.points, score.source) == (120, 100, Score.Source.IMPORT)


def test_errors_name_each_bad_line_and_nothing_is_saved(scoring):
    world, period = scoring
    a = world.cadres[0]
    content = _csv(
        f"{a.employee_no},declarations,80",
        "NOBODY,declarations,5",
        f"{a.employee_no},ethics,5",
        f"{world.cadres[1].employee_no},declarations,lots",
    )
    with pytest.raises(ValidationError) as error:
        services.actuals_import(
            actor=world.manager.user, period=period, content=content, filename="x.csv"
        )
    messages = [e.message for e in error.value.error_dict["file"]]
    assert [m.split(":")[0] for m in messages] == ["Line 3", "Line 4", "Line 5"]
    assert {e.code for e in error.value.error_dict["file"]} == {AssessmentError.IMPORT_ROWS_INVALID}
    assert _actual(a) is None


def test_a_re_upload_replaces_the_value_with_history(scoring):
    world, period = scoring
    a = world.cadres[0]
    for value in ("80", "95"):
        services.actuals_import(
            actor=world.manager.user,
            period=period,
            content=_csv(f"{a.employee_no},declarations,{value}"),
            filename=f"upload-{value}.csv",
        )
    score = Score.objects.get(member__staff=a, indicator__code="declarations")
    assert score.actual_value == 95
    reasons = [h.history_change_reason for h in score.history.all()[:2]]
    assert reasons == ["Uploaded: upload-95.csv", "Uploaded: upload-80.csv"]


def test_an_excel_workbook_is_read_like_a_csv(scoring):
    world, period = scoring
    book = Workbook()
    sheet = book.active
    sheet.append(["employee_no", "indicator_code", "actual_value"])
    sheet.append([world.cadres[0].employee_no, "declarations", 70])
    buffer = io.BytesIO()
    book.save(buffer)
    services.actuals_import(
        actor=world.manager.user, period=period, content=buffer.getvalue(), filename="q1.xlsx"
    )
    assert _actual(world.cadres[0]) == 70


def test_a_file_without_the_header_is_refused(scoring):
    world, period = scoring
    with pytest.raises(ValidationError) as error:
        services.actuals_import(
            actor=world.manager.user, period=period, content=b"a,b,c\n", filename="x.csv"
        )
    assert error.value.error_dict["file"][0].code == AssessmentError.IMPORT_FORMAT


def test_the_uploader_cannot_enter_their_own_values(scoring):
    world, period = scoring
    with pytest.raises(ValidationError) as error:
        services.actuals_import(
            actor=world.manager.user,
            period=period,
            content=_csv(f"{world.manager.employee_no},declarations,100"),
            filename="x.csv",
        )
    assert "own values" in error.value.messages[0]
