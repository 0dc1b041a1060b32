"""Error codes of the feedback services (values are stable API: rename members only)."""

from django.utils.translation import gettext_lazy as _

from kernel.errors import ErrorCode


class FeedbackError(ErrorCode):
    # Taxpayer side
    CARD_UNKNOWN = "feedback.card_unknown", _("No window has this code.")
    WINDOW_INACTIVE = "feedback.window_inactive", _("The window is closed.")
    LEVEL_INVALID = "feedback.level_invalid", _("Not a rating level.")
    REASON_INVALID = "feedback.reason_invalid", _("Not a reason for a negative rating.")
    REASONS_ONLY_FOR_NEGATIVE = (
        "feedback.reasons_only_for_negative",
        _("Reasons go with a negative rating only."),
    )
    TEXT_TOO_LONG = "feedback.text_too_long", _("The text is too long.")
    TEXT_REQUIRED = "feedback.text_required", _("The text is required.")
    KIND_INVALID = "feedback.kind_invalid", _("Not a kind of entry.")
    TOPIC_INVALID = "feedback.topic_invalid", _("Not a complaint topic.")
    CONTACT_INVALID = "feedback.contact_invalid", _("Neither a phone number nor an e-mail.")
    HONEYPOT = "feedback.honeypot", _("The submission looks automated.")
    RATING_THROTTLED = "feedback.rating_throttled", _("This window was rated from here already.")
    ENTRY_THROTTLED = "feedback.entry_throttled", _("Too many entries from here.")
    IP_THROTTLED = "feedback.ip_throttled", _("Too many submissions from this network.")
    TRACKING_UNKNOWN = "feedback.tracking_unknown", _("No entry has this tracking code.")
    # Staff side
    NOT_ALLOWED = "feedback.not_allowed", _("Not allowed for this user.")
    ALREADY_OWNED = "feedback.already_owned", _("Someone else owns the entry.")
    NOT_OWNER = "feedback.not_owner", _("Only the owner may do this.")
    ENTRY_CLOSED = "feedback.entry_closed", _("The entry is closed.")
    NOT_ANSWERED = "feedback.not_answered", _("The entry has no reply yet.")
    NOT_A_COMPLAINT = "feedback.not_a_complaint", _("Only complaints are verified.")
    STAFF_REQUIRED = "feedback.staff_required", _("A verified complaint names the staff member.")
    NOTE_REQUIRED = "feedback.note_required", _("A note is required.")
    ASSIGNEE_INVALID = "feedback.assignee_invalid", _("The person cannot answer this entry.")
    FOLLOW_UP_DONE = "feedback.follow_up_done", _("The follow-up is done already.")
    PERIOD_INVALID = "feedback.period_invalid", _("The period ends before it starts.")
