"""The monthly report carries the newer panels: a sheet per topic whose totals row equals
a direct count of the data, and the same sections and totals on the printable page."""

from io import BytesIO

from django.db.models import Sum
from openpyxl import load_workbook

from assessment.models import Result
from feedback.models import Rating, SuggestionEntry
from integrity_files.models import IntegrityRecord

TOPICS = [
    "window-satisfaction",
    "reply-compliance",
    "integrity-heatmap",
    "credit-shortfall",
    "score-distribution",
    "grades-quota",
    "assessment-ranking",
    "duty-fairness",
]


def _sheet(book, key) -> tuple[list, list, tuple | None]:
    rows = list(book[key].iter_rows(values_only=True))
    headings = list(rows[2])
    last = rows[-1]
    totals = last if last[0] == "Total" else None
    return headings, rows[3:-1] if totals else rows[3:], totals


def test_the_workbook_has_a_sheet_per_new_topic_with_totals_equal_to_the_data(client, city):
    client.force_login(city.leader.user)

    response = client.get("/dashboards/report.xlsx", {"unit": city.bureau.pk, "month": "2026-03"})

    book = load_workbook(BytesIO(response.content))
    assert set(TOPICS) <= set(book.sheetnames)
    assert "overdue-entries" not in book.sheetnames  # a state of today, not of the month

    headings, _rows, totals = _sheet(book, "integrity-heatmap")
    total_points = IntegrityRecord.objects.aggregate(n=Sum("points"))["n"]
    assert totals[headings.index("Total points")] == total_points == 5

    headings, _rows, totals = _sheet(book, "window-satisfaction")
    assert totals[headings.index("Ratings")] == Rating.objects.count() == 8
    assert totals[headings.index("Positive rate (%)")] is None  # rates are not added up

    headings, _rows, totals = _sheet(book, "reply-compliance")
    assert totals[headings.index("Deadlines")] == SuggestionEntry.objects.count() == 3

    headings, _rows, totals = _sheet(book, "grades-quota")
    assert totals[headings.index("Assessed")] == Result.objects.count() == 4

    _headings, rows, totals = _sheet(book, "assessment-ranking")
    assert totals is None and len(rows) == 4  # nothing in a ranking adds up
    assert book["integrity-heatmap"].freeze_panes == "A4"


def test_the_printable_report_shows_the_same_sections_and_totals(client, city):
    client.force_login(city.leader.user)

    page = client.get(
        "/dashboards/report/", {"unit": city.bureau.pk, "month": "2026-03"}
    ).content.decode()

    for key in TOPICS:
        assert f'id="report-{key}"' in page, key
    heatmap = page[page.index('id="report-integrity-heatmap"') :]
    heatmap = heatmap[: heatmap.index("</section>")]
    assert '<tr class="totals"><th>Total</th>' in heatmap and "<th>5</th>" in heatmap
