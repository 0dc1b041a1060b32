"""Acting holders: who may act at a post for a half day when its A and B are both away."""

from datetime import date

from django.db.models import QuerySet

from staffmgmt.models import ActingAssignment, Post, Staff
from staffmgmt.selectors.absences import absent_halves_unscoped
from staffmgmt.selectors.org import active_staff_of_unit_unscoped, post_list

__all__ = [
    "acting_candidate_list_unscoped",
    "acting_history_for_post_unscoped",
    "acting_list",
    "acting_list_for_post_unscoped",
    "acting_post_get_for_user",
]


def acting_post_get_for_user(*, user, pk) -> Post:
    """A post the user may see, its required skills loaded; Http404 otherwise."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        post_list(user=user).select_related("unit").prefetch_related("required_skills"), pk=pk
    )


def acting_candidate_list_unscoped(
    *, post: Post, day: date, halves: tuple[str, ...]
) -> list[Staff]:
    """People who may act at `post` on those halves of `day`: active staff of the post's
    unit (or a unit below it) holding every skill the post requires, present on each half
    (no approved leave), not already acting at another post then, nor the post's own A or
    B holder that day. By name. Four queries.

    UNSCOPED within the post: the caller checks the user may see the post.
    """
    required = {skill.pk for skill in post.required_skills.all()}
    people = list(active_staff_of_unit_unscoped(unit=post.unit).order_by("name", "employee_no"))
    own_holders = set()
    for pairing in post.pairings.all():
        if pairing.in_force_on(day):
            own_holders |= {pairing.a_holder_id, pairing.b_holder_id}
    busy = set(
        ActingAssignment.objects.filter(date=day, half__in=halves)
        .exclude(post=post)
        .values_list("acting_holder_id", flat=True)
    )
    away = absent_halves_unscoped(staff_ids=[p.pk for p in people], start=day, end=day)
    return [
        person
        for person in people
        if person.pk not in own_holders
        and person.pk not in busy
        and required <= {skill.pk for skill in person.skills.all()}
        and not away.get((person.pk, day), frozenset()) & set(halves)
    ]


def acting_list_for_post_unscoped(
    *, post: Post, start: date, end: date
) -> QuerySet[ActingAssignment]:
    """The acting assignments of a post in [start, end], with who assigned them."""
    return (
        ActingAssignment.objects.filter(post=post, date__range=(start, end))
        .select_related("acting_holder", "assigned_by")
        .order_by("date", "half")
    )


def acting_list(*, user) -> QuerySet[ActingAssignment]:
    """Acting assignments at the posts the user may see."""
    return ActingAssignment.objects.filter(
        post__in=post_list(user=user).values("pk")
    ).select_related("post", "acting_holder")


def acting_history_for_post_unscoped(*, post: Post, day: date):
    """Every change to the acting holders of `post` on `day` (assigned, removed), newest
    first, with who and why."""
    return (
        ActingAssignment.history.filter(post_id=post.pk, date=day)
        .select_related("history_user", "acting_holder")
        .order_by("-history_date", "-history_id")
    )
