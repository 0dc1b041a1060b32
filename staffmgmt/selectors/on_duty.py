"""Who is on duty for a unit at a moment, from whichever app keeps duties.

staffmgmt keeps no duties; the roster app registers its published duties on the
`staffmgmt.on_duty_now` extension point. Apps beside roster (feedback: who serves a window
now) read this selector instead of importing roster.
"""

from datetime import datetime

from staffmgmt.extensions import on_duty_now
from staffmgmt.models import OrgUnit, Staff

__all__ = ["on_duty_at_unscoped"]


def on_duty_at_unscoped(*, unit: OrgUnit, at: datetime) -> list[Staff]:
    """UNSCOPED: the people on duty for `unit` at `at`, by name, each once."""
    seen: dict[int, Staff] = {}
    for people in on_duty_now.call(unit=unit, at=at):
        for person in people:
            seen.setdefault(person.pk, person)
    return sorted(seen.values(), key=lambda person: (person.name, person.pk))
