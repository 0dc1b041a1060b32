"""Excel export of a unit's rosters: one sheet per duty type, people x days.

Only reads; it lives with the services because it produces a document for a manager. The
caller has scoped `unit` to the user. Labels are in the active language.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from io import BytesIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from roster import selectors as roster_selectors
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
        raise ValidationError({"end": _("The end date must not be before the start date.")})
    if (end - start).days + 1 > MAX_EXPORT_DAYS:
        raise ValidationError(
            {"end": _("Export at most %(days)d days at a time.") % {"days": MAX_EXPORT_DAYS}}
        )
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

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

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    holiday_fill = PatternFill("solid", fgColor=HOLIDAY_FILL)
    weekend_fill = PatternFill("solid", fgColor=WEEKEND_FILL)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    weekday_names = [
        _("Mon"),
        _("Tue"),
        _("Wed"),
        _("Thu"),
        _("Fri"),
        _("Sat"),
        _("Sun"),
    ]
    # No empty sheets: a duty type without duties in the range has nothing to show.
    with_duties = [d for d in duty_types if grid.get(d.pk)]
    if not with_duties:
        sheet = workbook.create_sheet(_sheet_title(_("Duties"), used))
        sheet["A1"] = _("%(unit)s has no duties from %(start)s to %(end)s.") % {
            "unit": unit.name,
            "start": formats.date_format(start, "DATE_FORMAT"),
            "end": formats.date_format(end, "DATE_FORMAT"),
        }
    for duty_type in with_duties:
        has_drafts = any(key[0] == duty_type.pk for key in drafts)
        sheet = workbook.create_sheet(
            _sheet_title(
                _("%(duty)s (draft)") % {"duty": duty_type.name} if has_drafts else duty_type.name,
                used,
            )
        )
        # The title on top, as on a posted roster; the headers below it.
        title = _("%(unit)s · %(duty)s · %(start)s to %(end)s") % {
            "unit": unit.name,
            "duty": duty_type.name,
            "start": formats.date_format(start, "DATE_FORMAT"),
            "end": formats.date_format(end, "DATE_FORMAT"),
        }
        if has_drafts:
            title = _("%(title)s · DRAFT: %(mark)s marks duties not yet published") % {
                "title": title,
                "mark": DRAFT_MARK,
            }
        title_cell = sheet.cell(row=1, column=1, value=title)
        title_cell.font = Font(bold=True, size=14)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(days) + 2)
        sheet.cell(row=2, column=1, value=_("Name")).font = bold
        total_col = len(days) + 2
        for col, day in enumerate(days, start=2):
            top = sheet.cell(row=2, column=col, value=day.date.strftime("%m-%d"))
            label = (
                day.name
                if day.kind == "holiday" and day.name
                else weekday_names[day.date.weekday()]
            )
            below = sheet.cell(row=3, column=col, value=label)
            fill = {"holiday": holiday_fill, "weekend": weekend_fill}.get(day.kind, header_fill)
            for cell in (top, below):
                cell.fill = fill
                cell.alignment = centre
                cell.font = bold
            sheet.column_dimensions[get_column_letter(col)].width = 6
        total_head = sheet.cell(row=2, column=total_col, value=_("Total"))
        total_head.font = bold
        sheet.column_dimensions[get_column_letter(total_col)].width = 8
        sheet.column_dimensions["A"].width = max([12, *(len(p.name) * 2 + 2 for p in ordered)])
        served = grid.get(duty_type.pk, {})
        for row, person in enumerate(ordered, start=4):
            sheet.cell(row=row, column=1, value=person.name)
            mine = served.get(person.pk, set())
            for col, day in enumerate(days, start=2):
                if day.date in mine:
                    draft = (duty_type.pk, person.pk, day.date) in drafts
                    cell = sheet.cell(row=row, column=col, value=DRAFT_MARK if draft else MARK)
                    cell.alignment = centre
                    if day.kind == "holiday":
                        cell.fill = holiday_fill
            sheet.cell(row=row, column=total_col, value=len(mine))
        footer = len(ordered) + 5
        sheet.cell(
            row=footer,
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
        sheet.freeze_panes = "B4"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
