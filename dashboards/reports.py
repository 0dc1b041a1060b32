"""The monthly statistical report: the unit panels over one month, as Excel and as HTML.

"On the 10th of every month ... a statistical report" for the leaders: one sheet per
topic with a title, formatted headers, the numbers, a totals row and frozen panes.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboards.panels import UNIT, Scope, panel_results

HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
TITLE_FONT = Font(bold=True, size=13)
BOLD = Font(bold=True)


@dataclass
class MonthlyReport:
    unit: object
    month: date
    sections: list  # (panel, PanelResult)

    @property
    def start(self) -> date:
        return self.month

    @property
    def end(self) -> date:
        return self.month.replace(day=calendar.monthrange(self.month.year, self.month.month)[1])

    @property
    def tables(self) -> list[tuple]:
        """(panel, result, totals row or None) per section, for the printable page."""
        return [(panel, result, section_totals(result)) for panel, result in self.sections]

    @property
    def title(self) -> str:
        return _("%(unit)s: monthly statistical report, %(month)s") % {
            "unit": self.unit.name,
            "month": self.month.strftime("%Y-%m"),
        }


def report_day() -> int:
    """The day of the month the report is due (the 10th unless configured)."""
    return int(getattr(settings, "HALLMARK_REPORT_DAY", 10))


def report_is_due(today: date) -> bool:
    return today.day == report_day()


def previous_month(today: date) -> date:
    first = today.replace(day=1)
    return date(first.year - 1, 12, 1) if first.month == 1 else date(first.year, first.month - 1, 1)


def monthly_report_build(*, user, unit, month: date) -> MonthlyReport:
    report = MonthlyReport(unit=unit, month=month, sections=[])
    scope = Scope(user=user, unit=unit, start=report.start, end=report.end)
    report.sections = panel_results(UNIT, scope, reported_only=True)
    return report


def section_totals(result) -> list | None:
    """The totals row of a section: "Total", then the sum of each column the panel says
    adds up (`PanelResult.totalled`; None: every numeric column), blank elsewhere. None
    when nothing adds up (a ranking, a distribution of rates)."""
    rows = result.rows()
    keys = list(result.columns)
    totals = [_("Total")]
    for index, key in enumerate(keys[1:], start=1):
        column = [row[index] for row in rows]
        added = key in result.totalled if result.totalled is not None else _numeric(column)
        totals.append(sum(_cell(v) for v in column if v is not None) if added else None)
    if all(value is None for value in totals[1:]):
        return None
    return totals


def _numeric(values: list) -> bool:
    present = [v for v in values if v is not None and v != ""]
    return bool(present) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in present
    )


def monthly_report_xlsx(report: MonthlyReport) -> bytes:
    """One sheet per topic: title, period, header row, rows, totals; panes frozen."""
    book = Workbook()
    book.remove(book.active)
    for panel, result in report.sections:
        sheet = book.create_sheet(title=str(panel.key)[:31])
        headings = list(result.columns.values())
        sheet.append([result.title])
        sheet["A1"].font = TITLE_FONT
        sheet.append([report.title])
        sheet.append(headings)
        for cell in sheet[3]:
            cell.font = BOLD
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(horizontal="center")
        rows = result.rows()
        for row in rows:
            sheet.append([_cell(value) for value in row])
        totals = section_totals(result)
        if totals is not None:
            sheet.append([_cell(value) for value in totals])
            for cell in sheet[sheet.max_row]:
                cell.font = BOLD
        sheet.freeze_panes = "A4"
        for index, heading in enumerate(headings, start=1):
            width = max([len(str(heading))] + [len(str(row[index - 1])) for row in rows]) + 2
            sheet.column_dimensions[get_column_letter(index)].width = min(width, 40)
    if not book.sheetnames:
        book.create_sheet(title=_("Report")).append([report.title])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value):
    # numpy scalars from pandas become plain Python numbers for openpyxl.
    return value.item() if hasattr(value, "item") else value
