"""Error codes of staffmgmt's services (kernel.errors): stable values clients may test."""

from kernel.errors import ErrorCode


class AbsenceError(ErrorCode):
    OUTSIDE_CALENDAR = "absence.outside_calendar"
    TOO_FAR_BACK = "absence.too_far_back"
    TOO_FAR_AHEAD = "absence.too_far_ahead"
    TOO_LONG = "absence.too_long"
    BALANCE_EXCEEDED = "absence.balance_exceeded"


class CoverageError(ErrorCode):
    ACTING_NOT_A_GAP = "coverage.acting_not_a_gap"
    ACTING_NOT_ELIGIBLE = "coverage.acting_not_eligible"
    ACTING_NOT_FOUND = "coverage.acting_not_found"


class CalendarError(ErrorCode):
    YEAR_OUTSIDE_CALENDAR = "calendar.year_outside_calendar"
    YEAR_ALREADY = "calendar.year_already"
