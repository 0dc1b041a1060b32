"""Error codes of assessment's services (kernel.errors): stable values, prefixed."""

from kernel.errors import ErrorCode


class AssessmentError(ErrorCode):
    # Schemes
    WEIGHTS_DO_NOT_ADD_UP = "assessment.weights_do_not_add_up"
    SCHEME_IN_USE = "assessment.scheme_in_use"
    RULE_PARAMS_INVALID = "assessment.rule_params_invalid"
    METRIC_UNKNOWN = "assessment.metric_unknown"
    NO_SCHEME_IN_FORCE = "assessment.no_scheme_in_force"
    # Targets
    TARGET_CHILDREN_EXCEED_PARENT = "assessment.target_children_exceed_parent"
    TARGET_LEVEL_ORDER = "assessment.target_level_order"
    TARGET_NO_CHILDREN = "assessment.target_no_children"
    TARGET_CHILD_EXISTS = "assessment.target_child_exists"
    # Periods
    PERIOD_DATES = "assessment.period_dates"
    PERIOD_STATE = "assessment.period_state"
    PERIOD_FROZEN = "assessment.period_frozen"
    PERIOD_INCOMPLETE = "assessment.period_incomplete"
    NOT_MANAGED = "assessment.not_managed"
    ANNUAL_PARTS_INVALID = "assessment.annual_parts_invalid"
    ALREADY_ENROLLED = "assessment.already_enrolled"
    ENROL_OUTSIDE_UNIT = "assessment.enrol_outside_unit"
    # Scores
    SCORE_KIND = "assessment.score_kind"
    SCORE_OUT_OF_RANGE = "assessment.score_out_of_range"
    LEVEL_NOT_OF_INDICATOR = "assessment.level_not_of_indicator"
    COMMENT_REQUIRED = "assessment.comment_required"
    # Democratic appraisal
    VOTE_ON_ONESELF = "assessment.vote_on_oneself"
    VOTE_NOT_COLLEAGUE = "assessment.vote_not_colleague"
    ALREADY_VOTED = "assessment.already_voted"
    RECEIPT_INVALID = "assessment.receipt_invalid"
    # Grades and approval
    REASON_REQUIRED = "assessment.reason_required"
    QUOTA_EXCEEDED = "assessment.quota_exceeded"
    GRADE_BARRED = "assessment.grade_barred"
    RESULTS_MISSING = "assessment.results_missing"
    # Objections
    OBJECTION_WINDOW_CLOSED = "assessment.objection_window_closed"
    OBJECTION_ANSWERED = "assessment.objection_answered"
    OBJECTION_TARGET = "assessment.objection_target"
    # Import
    IMPORT_ROWS_INVALID = "assessment.import_rows_invalid"
    IMPORT_FORMAT = "assessment.import_format"
