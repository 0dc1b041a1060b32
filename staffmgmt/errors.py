"""staffmgmt's error codes: every ValidationError staffmgmt's services and selectors raise
carries one (`raise invalid(StaffError.X, _("..."), field="...")`). Values are stable API,
prefixed by area (`absence.`, `calendar.`, `org_unit.` ...); rename a member, never a value."""

from kernel.errors import ErrorCode


class StaffError(ErrorCode):
    ABSENCE_ENDED = "absence.ended"
    ABSENCE_END_BEFORE_START = "absence.end_before_start"
    ABSENCE_HALVES_ORDER = "absence.halves_order"
    ABSENCE_KIND_INVALID = "absence.kind_invalid"
    ABSENCE_NOTE_REQUIRED = "absence.note_required"
    ABSENCE_NOT_CANCELLABLE = "absence.not_cancellable"
    ABSENCE_NOT_REQUESTED = "absence.not_requested"
    ABSENCE_OVERLAPS = "absence.overlaps"
    ABSENCE_TOO_LONG = "absence.too_long"
    BUREAU_HAS_NO_PARENT = "org_unit.bureau_has_no_parent"
    CALENDAR_END_BEFORE_START = "calendar.end_before_start"
    CALENDAR_RANGE_TOO_LONG = "calendar.range_too_long"
    CHILD_KIND_ORDER = "org_unit.child_kind_order"
    COVERAGE_END_BEFORE_START = "coverage.end_before_start"
    COVERAGE_RANGE_TOO_LONG = "coverage.range_too_long"
    HALF_INVALID = "absence.half_invalid"
    HOLDER_OUTSIDE_UNIT = "pairing.holder_outside_unit"
    NEGATIVE_WORKING_DAYS = "calendar.negative_working_days"
    NO_OVERRIDE = "calendar.no_override"
    OUTSIDE_CALENDAR = "calendar.outside_calendar"
    PAIRING_ALREADY_ENDS = "pairing.already_ends"
    PAIRING_END_BEFORE_START = "pairing.end_before_start"
    PAIRING_OVERLAPS = "pairing.overlaps"
    PARENT_BELOW_ITSELF = "org_unit.parent_below_itself"
    PARENT_KIND_ORDER = "org_unit.parent_kind_order"
    PARENT_REQUIRED = "org_unit.parent_required"
    POST_HAS_PAIRING = "post.has_pairing"
    POST_INACTIVE = "post.inactive"
    SAME_HOLDER = "pairing.same_holder"
    STAFF_HOLDS_POSTS = "staff.holds_posts"
    STAFF_INACTIVE = "staff.inactive"
    STAFF_POSTS_OUTSIDE_UNIT = "staff.posts_outside_unit"
    USERNAME_TAKEN = "staff.username_taken"
    WINDOW_OF_OTHER_UNIT = "post.window_of_other_unit"


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
