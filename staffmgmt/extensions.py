"""The extension points staffmgmt offers to the apps above it (kernel.extensions).

staffmgmt imports none of those apps; they register here in their AppConfig.ready().
"""

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
