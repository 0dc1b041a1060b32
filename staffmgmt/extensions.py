"""The extension points staffmgmt offers to the apps above it (kernel.extensions).

staffmgmt imports none of those apps; they register here in their AppConfig.ready().
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from kernel.extensions import ErrorPolicy, extension_point

absence_approved = extension_point(
    "staffmgmt.absence_approved",
    policy=ErrorPolicy.LOG_AND_SKIP,
    doc="Called with the approved Absence after the approving transaction commits (never "
    "for an approval that rolled back); a failure is logged and the others still run.",
)

absence_request_validators = extension_point(
    "staffmgmt.absence_request_validators",
    policy=ErrorPolicy.PROPAGATE,
    doc="Called as validate(staff, kind, start_date, start_half, end_date, end_half) inside "
    "absence_request, after the period is checked and the person is locked, on every path "
    "that requests leave; a ValidationError refuses the request and nothing is saved.",
)

home_context = extension_point(
    "staffmgmt.home_context",
    policy=ErrorPolicy.LOG_AND_SKIP,
    doc="Called with the request; returns extra context for the home page. A failing "
    "provider is logged and its part left out, so the home page still answers.",
)

demo_builders = extension_point(
    "staffmgmt.demo_builders",
    policy=ErrorPolicy.PROPAGATE,
    doc="Called as build(report, today) at the end of build_demo, inside its transaction "
    "(a failure undoes the whole demo), after the hall, its staff and leave exist.",
)

absence_approval_warnings = extension_point(
    "staffmgmt.absence_approval_warnings",
    policy=ErrorPolicy.PROPAGATE,
    doc="Called as warn(absences) with a list of requested Absences, before approval and "
    "for the approval queue; returns {absence pk: [warning dict]} for those it has "
    "something to say about. A warning dict has 'code', 'message' and may have 'url', "
    "'date' and 'replacement' (a name). Approving needs confirmation when any is given. "
    "Its queries must not grow with the number of absences it has nothing to say about.",
)

on_duty_now = extension_point(
    "staffmgmt.on_duty_now",
    policy=ErrorPolicy.LOG_AND_SKIP,
    doc="Called as provider(unit=..., at=...): the people on duty for `unit` at that moment "
    "(the roster app registers its published duties). Read through "
    "staffmgmt.selectors.on_duty_at_unscoped, so apps beside roster never import it.",
)


@dataclass(frozen=True)
class ConductEvent:
    """Something a staff member did that another part of the system noticed and that may
    belong in their integrity file: a late duty check-in, a verified complaint.

    `source_ref` names the source row ("roster.checkin:<id>", "feedback.entry:<id>"): one
    source gives at most one proposal, however often it is reported. `description` is
    written in the site's language (settings.LANGUAGE_CODE), for the record's facts."""

    staff: Any  # staffmgmt.models.Staff
    kind: str  # one of CONDUCT_KINDS
    occurred_on: date
    source_ref: str
    description: str


LATE_CHECKIN = "late_checkin"
VERIFIED_COMPLAINT = "verified_complaint"
CONDUCT_KINDS = (LATE_CHECKIN, VERIFIED_COMPLAINT)

conduct_event = extension_point(
    "staffmgmt.conduct_event",
    policy=ErrorPolicy.LOG_AND_SKIP,
    doc="Called with a ConductEvent after the transaction that noticed it commits (roster: "
    "a late check-in; feedback: a complaint verified). Integrity files register a receiver "
    "that proposes a draft record for an officer to confirm or dismiss. Receivers must be "
    "idempotent by `source_ref`; a failure is logged and never undoes the source's change.",
)


def conduct_event_report(event: ConductEvent) -> None:
    """Hand `event` to the receivers once the current transaction commits (at once outside
    one). The source's change stands whatever the receivers do."""
    if event.kind not in CONDUCT_KINDS:
        raise ValueError(f"unknown conduct event kind {event.kind!r}")
    transaction.on_commit(lambda: conduct_event.call(event))
