"""Error codes of integrity files' services (kernel.errors)."""

from django.utils.translation import gettext_lazy as _

from kernel.errors import ErrorCode


class IntegrityFileError(ErrorCode):
    NOT_AN_OFFICER = "integrity.not_an_officer", _("Only an integrity officer of the unit")
    OUT_OF_SCOPE = "integrity.out_of_scope", _("Outside the files the user may keep")
    RECORD_FROZEN = "integrity.record_frozen", _("A confirmed record never changes")
    NOT_A_DRAFT = "integrity.not_a_draft", _("The record is not a draft")
    NOT_CONFIRMED = "integrity.not_confirmed", _("The record is not confirmed")
    POINTS_OUT_OF_RANGE = "integrity.points_out_of_range", _("Points outside the kind's range")
    ALREADY_SUPERSEDED = "integrity.already_superseded", _("The record is already superseded")
    REASON_REQUIRED = "integrity.reason_required", _("A reason is required")
    NOT_OWN_RECORD = "integrity.not_own_record", _("Only the cadre the record is about")
    ALREADY_ANSWERED = "integrity.already_answered", _("The record is already answered")
    OBJECTION_TOO_LATE = "integrity.objection_too_late", _("The time to object has passed")
    NOT_OPEN = "integrity.objection_not_open", _("The objection is already decided")
    EVIDENCE_TYPE = "integrity.evidence_type", _("File type not accepted")
    EVIDENCE_SIZE = "integrity.evidence_size", _("File too large or empty")
    FOLLOW_UP_DUE = "integrity.follow_up_due", _("Follow-up due date invalid")
    NO_FOLLOW_UP = "integrity.talk_no_follow_up", _("The talk agreed no follow-up")
    FOLLOW_UP_ALREADY_DONE = (
        "integrity.talk_follow_up_already_done",
        _("The talk's follow-up is already done"),
    )
    FOLLOW_UP_BY_CADRE = (
        "integrity.talk_follow_up_by_cadre",
        _("The cadre talked to does not close their own follow-up"),
    )
    FOLLOW_UP_NOTE_REQUIRED = (
        "integrity.talk_follow_up_note_required",
        _("Say what was done"),
    )
    DATE_IN_FUTURE = "integrity.date_in_future", _("Date in the future")
