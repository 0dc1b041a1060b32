"""Excel export of a unit's rosters: one sheet per duty type, people x days.

Only reads; it lives with the services because it produces a document for a manager. The
caller has scoped `unit` to the user. Labels are in the active language.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from kernel.errors import invalid
from roster import selectors as roster_selectors
from roster.errors import RosterError
from roster.models import DutyAssignment, DutyType, Roster
from staffmgmt import selectors as staff_selectors
from staffmgmt.models import OrgUnit, Staff

__all__ = ["MAX_EXPORT_DAYS", "require_may_export", "roster_export_xlsx"]

MAX_EXPORT_DAYS = 366
HOLIDAY_FILL = "FDE5E3"
WEEKEND_FILL = "EEF0F4"
HEADER_FILL = "DDE1E7"
MARK = "●"
# A duty of a draft roster: not yet published, may still change.
DRAFT_MARK = "○"


def _sheet_title(name: str, used: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and unique in the workbook.
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "-"
    title, n = clean, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def require_may_export(actor, unit: OrgUnit) -> None:
    """Managers and leadership, of a unit they may see; `actor=None` is the system."""
    if actor is None:
        return
    if not roster_selectors.can_export_rosters(user=actor):
        raise PermissionDenied(_("Only managers and leaders may export rosters."))
    if not staff_selectors.org_unit_list(user=actor).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You may not see the unit %(unit)s.") % {"unit": unit})


def roster_export_xlsx(
    *, actor, unit: OrgUnit, start: date, end: date, include_drafts: bool = False
) -> bytes:
    """The unit's duties in [start, end] as an .xlsx workbook, for `actor` (see
    `require_may_export`).

    One sheet per duty type of the unit or a unit below it (also those without duties in
    the range), and per duty type above it on which its people serve in the range (a
    section's members on the hall's noon duty); rows are the active staff of the unit and
    the units below plus anyone on duty; columns the days, holidays shaded and named, then
    a total per person. Row and column headers are frozen. Three queries.
    """
    require_may_export(actor, unit)
    if end < start:
        raise invalid(
            RosterError.END_BEFORE_START,
            _("The end date must not be before the start date."),
            field="end",
        )
    if (end - start).days + 1 > MAX_EXPORT_DAYS:
        raise invalid(
            RosterError.RANGE_TOO_LONG,
            _("Export at most %(days)d days at a time.") % {"days": MAX_EXPORT_DAYS},
            field="end",
        )
    data = _export_data(actor=actor, unit=unit, start=start, end=end, include_drafts=include_drafts)
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    # No empty sheets: a duty type without duties in the range has nothing to show.
    with_duties = [d for d in data.duty_types if data.grid.get(d.pk)]
    if not with_duties:
        sheet = workbook.create_sheet(_sheet_title(_("Duties"), used))
        sheet["A1"] = _("%(unit)s has no duties from %(start)s to %(end)s.") % {
            "unit": unit.name,
            "start": formats.date_format(start, "DATE_FORMAT"),
            "end": formats.date_format(end, "DATE_FORMAT"),
        }
    styles = _Styles.make()
    for duty_type in with_duties:
        has_drafts = any(key[0] == duty_type.pk for key in data.drafts)
        name = _("%(duty)s (draft)") % {"duty": duty_type.name} if has_drafts else duty_type.name
        sheet = workbook.create_sheet(_sheet_title(name, used))
        _write_title(
            sheet, data, unit=unit, duty_type=duty_type, start=start, end=end, drafts=has_drafts
        )
        _write_day_headers(sheet, data.days, styles)
        _write_people(sheet, data, duty_type.pk, styles)
        _write_footer(sheet, data, unit=unit, duty_type=duty_type, start=start, end=end)
        _set_up_page(sheet)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class _ExportData:
    days: list
    duty_types: list[DutyType]
    # duty type id -> person id -> the days they serve it
    grid: dict[int, dict[int, set[date]]]
    people: list[Staff]
    # (duty type id, person id, day) of the duties on a draft roster
    drafts: set[tuple[int, int, date]]


def _export_data(
    *, actor, unit: OrgUnit, start: date, end: date, include_drafts: bool
) -> _ExportData:
    """What the workbook shows, in three queries: the calendar, the duty types, the duties."""
    days = staff_selectors.calendar_days(start=start, end=end)
    subtree = staff_selectors.org_unit_subtree_unscoped(unit=unit).values("pk")
    assignments = DutyAssignment.objects.filter(
        Q(roster__unit__in=subtree) | Q(staff__unit__in=subtree),
        date__range=(start, end),
    )
    # Drafts only for those who plan the unit (a leader reads what is published).
    if include_drafts and actor is not None:
        include_drafts = (
            staff_selectors.managed_org_unit_list(user=actor).filter(pk=unit.pk).exists()
        )
    if not include_drafts:
        assignments = assignments.filter(roster__status=Roster.Status.PUBLISHED)
    duty_types = list(
        DutyType.objects.filter(
            Q(unit__in=subtree) | Q(pk__in=assignments.values("duty_type_id"))
        ).order_by("unit__path", "kind", "name")
    )
    grid: dict[int, dict[int, set[date]]] = defaultdict(lambda: defaultdict(set))
    drafts: set[tuple[int, int, date]] = set()
    people: dict[int, Staff] = {
        s.pk: s for s in staff_selectors.active_staff_of_unit_unscoped(unit=unit).order_by("name")
    }
    for a in assignments.select_related("staff", "roster"):
        grid[a.duty_type_id][a.staff_id].add(a.date)
        if a.roster.status == Roster.Status.DRAFT:
            drafts.add((a.duty_type_id, a.staff_id, a.date))
        people.setdefault(a.staff_id, a.staff)
    ordered = sorted(people.values(), key=lambda s: (s.name, s.pk))
    return _ExportData(days=days, duty_types=duty_types, grid=grid, people=ordered, drafts=drafts)


@dataclass(frozen=True)
class _Styles:
    bold: object
    header_fill: object
    holiday_fill: object
    weekend_fill: object
    centre: object

    @classmethod
    def make(cls) -> _Styles:
        from openpyxl.styles import Alignment, Font, PatternFill

        return cls(
            bold=Font(bold=True),
            header_fill=PatternFill("solid", fgColor=HEADER_FILL),
            holiday_fill=PatternFill("solid", fgColor=HOLIDAY_FILL),
            weekend_fill=PatternFill("solid", fgColor=WEEKEND_FILL),
            centre=Alignment(horizontal="center", vertical="center", wrap_text=True),
        )


def _weekday_names() -> list[str]:
    return [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]


def _write_title(sheet, data: _ExportData, *, unit, duty_type, start, end, drafts) -> None:
    """Row 1: the title, as on a posted roster; with the draft mark explained if any."""
    from openpyxl.styles import Font

    title = _("%(unit)s · %(duty)s · %(start)s to %(end)s") % {
        "unit": unit.name,
        "duty": duty_type.name,
        "start": formats.date_format(start, "DATE_FORMAT"),
        "end": formats.date_format(end, "DATE_FORMAT"),
    }
    if drafts:
        title = _("%(title)s · DRAFT: %(mark)s marks duties not yet published") % {
            "title": title,
            "mark": DRAFT_MARK,
        }
    title_cell = sheet.cell(row=1, column=1, value=title)
    title_cell.font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(data.days) + 2)


def _write_day_headers(sheet, days, styles: _Styles) -> None:
    """Row 2: "Name", each day's date, "Total"; row 3: the weekday or the holiday's name."""
    from openpyxl.utils import get_column_letter

    weekday_names = _weekday_names()
    sheet.cell(row=2, column=1, value=_("Name")).font = styles.bold
    total_col = len(days) + 2
    for col, day in enumerate(days, start=2):
        top = sheet.cell(row=2, column=col, value=day.date.strftime("%m-%d"))
        label = (
            day.name if day.kind == "holiday" and day.name else weekday_names[day.date.weekday()]
        )
        below = sheet.cell(row=3, column=col, value=label)
        fill = {"holiday": styles.holiday_fill, "weekend": styles.weekend_fill}.get(
            day.kind, styles.header_fill
        )
        for cell in (top, below):
            cell.fill = fill
            cell.alignment = styles.centre
            cell.font = styles.bold
        sheet.column_dimensions[get_column_letter(col)].width = 6
    total_head = sheet.cell(row=2, column=total_col, value=_("Total"))
    total_head.font = styles.bold
    sheet.column_dimensions[get_column_letter(total_col)].width = 8


def _write_people(sheet, data: _ExportData, duty_type_id: int, styles) -> None:
    """A row per person from row 4: the name, a mark on each day on duty (a draft's
    duty marked as such), the total."""
    served = data.grid.get(duty_type_id, {})
    total_col = len(data.days) + 2
    sheet.column_dimensions["A"].width = max([12, *(len(p.name) * 2 + 2 for p in data.people)])
    for row, person in enumerate(data.people, start=4):
        sheet.cell(row=row, column=1, value=person.name)
        mine = served.get(person.pk, set())
        for col, day in enumerate(data.days, start=2):
            if day.date in mine:
                draft = (duty_type_id, person.pk, day.date) in data.drafts
                cell = sheet.cell(row=row, column=col, value=DRAFT_MARK if draft else MARK)
                cell.alignment = styles.centre
                if day.kind == "holiday":
                    cell.fill = styles.holiday_fill
        sheet.cell(row=row, column=total_col, value=len(mine))


def _write_footer(sheet, data: _ExportData, *, unit, duty_type, start, end) -> None:
    sheet.cell(
        row=len(data.people) + 5,
        column=1,
        value=_("%(unit)s, %(duty)s, %(start)s to %(end)s. %(mark)s = on duty.")
        % {
            "unit": unit.name,
            "duty": duty_type.name,
            "start": formats.date_format(start, "DATE_FORMAT"),
            "end": formats.date_format(end, "DATE_FORMAT"),
            "mark": MARK,
        },
    )


def _set_up_page(sheet) -> None:
    """Headers frozen; printed A4 landscape, one page wide."""
    sheet.freeze_panes = "B4"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
