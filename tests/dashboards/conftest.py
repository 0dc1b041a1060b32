"""A known province in miniature for the dashboard panels: a bureau with halls, a window
and people in each, ratings, suggestion-book entries, integrity records, training credits,
an assessment period with results and duties, all in March 2026. `build_bureau` takes the
number of halls and people, so query counts can be compared on two sizes."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assessment.models import Grade, Member, Period, Result, Scheme
from feedback import services as feedback_services
from feedback.models import EntryKind, EntryStatus, Rating, SuggestionEntry
from integrity_files.models import (
    Category,
    CreditRequirement,
    IntegrityRecord,
    RecordKind,
    Source,
    TrainingCredit,
)
from kernel.roles import Role
from staffmgmt.models import OrgUnit
from staffmgmt.selectors.calendar import working_days
from tests import factories

START, END = date(2026, 3, 1), date(2026, 3, 31)
PERIOD = {"start": START.isoformat(), "end": END.isoformat()}
# Ratings of each hall's window, by hall index (halls past the second: the last levels).
LEVELS = [[5, 5, 4, 1], [5, 5, 5, 5], [5, 2]]
# Integrity points of each hall's first person: (category, points).
POINTS = [(Category.DILIGENCE, 2), (Category.HONESTY, 3), (Category.LAW, 1)]
REQUIRED_CREDITS = Decimal(10)


def at(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@dataclass
class Bureau:
    bureau: OrgUnit
    leader: object
    manager: object
    halls: list = field(default_factory=list)
    windows: list = field(default_factory=list)
    people: list = field(default_factory=list)  # per hall: [Staff, ...]
    period: Period | None = None


def add_coverage_gaps(world: Bureau) -> None:
    """In each hall, an AB post that may have a gap in the coverage panel's horizon (from
    today): its A holder on approved leave on two working days, its B holder on the second
    of them (a gap, one half of which someone acts at), so the panel expands the post day by
    day. Needs two people a hall."""
    from staffmgmt.models import ActingAssignment

    approver = factories.staff(
        unit=world.bureau, roles=(Role.CADRE, Role.MANAGER), name="Leave approver"
    )
    today = timezone.localdate()
    days = working_days(start=today + timedelta(days=1), end=today + timedelta(days=13))
    for hall, staff in zip(world.halls, world.people, strict=True):
        a, b = staff[0], staff[1]
        post = factories.post(unit=hall, name=f"{hall.name} desk")
        factories.pairing(post=post, a=a, b=b)
        factories.approved_absence(staff=a, approver=approver, start_date=days[0], end_date=days[1])
        factories.approved_absence(staff=b, approver=approver, start_date=days[1])
        ActingAssignment.objects.create(
            post=post,
            date=days[1],
            half="am",
            acting_holder=approver,
        )


def build_bureau(*, halls: int = 2, people: int = 2, name: str = "City Bureau") -> Bureau:
    bureau = factories.unit(kind=OrgUnit.Kind.BUREAU, name=name)
    leader = factories.staff(unit=bureau, roles=(Role.CADRE, Role.LEADERSHIP), name="Leader")
    world = Bureau(bureau=bureau, leader=leader, manager=None)
    CreditRequirement.objects.create(unit=bureau, year=2026, required_credits=REQUIRED_CREDITS)
    scheme = Scheme.objects.get_or_create(
        post_type="window", version=1, defaults={"name": "Window posts", "valid_from": START}
    )[0]
    world.period = Period.objects.create(
        name="2026 Q1",
        kind=Period.Kind.QUARTERLY,
        unit=bureau,
        start_date=date(2026, 1, 1),
        end_date=END,
        state=Period.State.PUBLISHED,
    )
    days = working_days(start=START, end=END)
    for index in range(halls):
        hall = factories.unit(parent=bureau, name=f"Hall {index + 1}")
        window = factories.window(unit=hall, number="1")
        staff = [
            factories.staff(unit=hall, name=f"Hall {index + 1} P{k + 1}") for k in range(people)
        ]
        world.halls.append(hall)
        world.windows.append(window)
        world.people.append(staff)
        for level in LEVELS[min(index, len(LEVELS) - 1)]:
            rating = Rating.objects.create(
                window=window,
                unit=hall,
                staff=staff[0],
                level=level,
                comment="slow" if level <= 2 else "",
                created_at=at(date(2026, 3, 3)),
            )
            # Written directly, so counted in the daily rollups as rating_submit would.
            feedback_services.rating_rollup_add(rating=rating)
        # One entry overdue since 10 March; in the first hall one answered on time too.
        SuggestionEntry.objects.create(
            window=window,
            unit=hall,
            kind=EntryKind.COMPLAINT if index == 0 else EntryKind.QUESTION,
            text="Waited an hour",
            due_date=date(2026, 3, 10),
            created_at=at(date(2026, 3, 2)),
        )
        if index == 0:
            SuggestionEntry.objects.create(
                window=window,
                unit=hall,
                kind=EntryKind.QUESTION,
                text="Where do I file?",
                due_date=date(2026, 3, 10),
                status=EntryStatus.ANSWERED,
                owner=staff[0],
                answered_at=at(date(2026, 3, 5)),
                created_at=at(date(2026, 3, 2)),
            )
        category, points = POINTS[min(index, len(POINTS) - 1)]
        IntegrityRecord.objects.create(
            staff=staff[0],
            category=category,
            kind=RecordKind.COMMENDATION,
            occurred_on=date(2026, 3, 4),
            facts="Returned a lost wallet",
            source=Source.LEADERSHIP,
            points=points,
            status=IntegrityRecord.Status.CONFIRMED,
            confirmed_at=at(date(2026, 3, 4)),
            respond_by=date(2026, 3, 11),
        )
        for k, person in enumerate(staff):
            TrainingCredit.objects.create(
                staff=person,
                course="Tax law",
                hours=Decimal(8),
                credits=Decimal(4) if k == 0 else REQUIRED_CREDITS,
                completed_on=date(2026, 2, 1),
            )
            member = Member.objects.create(
                period=world.period, staff=person, unit=hall, scheme=scheme
            )
            score = Decimal(95) if (index, k) == (0, 0) else Decimal(80 - k)
            grade = Grade.EXCELLENT if score >= 90 else Grade.COMPETENT
            Result.objects.create(
                member=member,
                composite=score,
                terms=[
                    {
                        "dimension": "performance",
                        "weight": "100",
                        "effective_weight": "100.00",
                        "score": str(score),
                        "contribution": str(score),
                    }
                ],
                rank_in_unit=k + 1,
                rank_in_post_type=k + 1,
                proposed_grade=grade,
                grade=grade,
            )
        factories.published_roster(
            duty_type=factories.duty_type(unit=hall),
            duties={days[0]: [staff[0]], days[1]: [staff[0]], days[2]: staff[1:2]},
        )
    world.manager = factories.staff(
        unit=world.halls[0], roles=(Role.CADRE, Role.MANAGER), name="Manager"
    )
    return world


@pytest.fixture
def city(db) -> Bureau:
    return build_bureau()
