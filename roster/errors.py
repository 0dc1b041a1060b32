"""roster's error codes: every ValidationError roster's services and selectors raise carries
one (`raise invalid(RosterError.X, _("..."), field="...")`). Values are stable API."""

from kernel.errors import ErrorCode


class RosterError(ErrorCode):
    DUTY_TYPE_UNIT_FIXED = "roster.duty_type_unit_fixed"
    # Ids in an API request that name nothing the user may see.
    UNKNOWN_STAFF = "roster.unknown_staff"
    UNKNOWN_DUTY = "roster.unknown_duty"
    UNKNOWN_ROSTER = "roster.unknown_roster"
    UNKNOWN_DUTY_TYPE = "roster.unknown_duty_type"
    NO_STAFF_RECORD = "roster.no_staff_record"
    STAFF_REQUIRED = "roster.staff_required"
    BAD_QUERY = "roster.bad_query"
