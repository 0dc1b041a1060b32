"""Acting holders for coverage gaps: assigned by a manager, removed with a reason."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kernel.errors import invalid
from kernel.history import attribute_change, save_with_history
from staffmgmt.errors import CoverageError
from staffmgmt.models import ActingAssignment, Post, Staff
from staffmgmt.selectors.acting import acting_candidate_list_unscoped
from staffmgmt.selectors.calendar import within_calendar
from staffmgmt.selectors.coverage import HALVES, post_coverage_list_unscoped
from staffmgmt.selectors.org import can_manage_unit

__all__ = ["acting_assign", "acting_remove"]


def _require_manager(actor, post: Post) -> None:
    if actor is None or not can_manage_unit(user=actor, unit=post.unit):
        raise PermissionDenied(_("You do not manage the unit of this post."))


@transaction.atomic
def acting_assign(
    *,
    actor,
    post: Post,
    day: date,
    halves: tuple[str, ...],
    acting_holder: Staff,
    reason: str = "",
) -> list[ActingAssignment]:
    """Make `acting_holder` act at `post` on `halves` of `day`.

    Guarantees: the actor manages the post's unit; each half is a gap now (neither A nor B
    present, nobody acting yet); the acting holder is one of `acting_candidates` (skills of
    the post, present, not acting elsewhere); one row per half, in history with who and why.
    Coverage then counts the post as covered by the acting holder.
    """
    _require_manager(actor, post)
    halves = tuple(h for h in HALVES if h in set(halves))
    if not halves:
        raise invalid(CoverageError.ACTING_NOT_A_GAP, _("Choose the half days."), field="halves")
    if not within_calendar(start=day, end=day):
        raise invalid(
            CoverageError.ACTING_NOT_A_GAP, _("Choose a day within the calendar."), field="date"
        )
    # Serialise assignments of the post so two managers cannot fill one gap twice.
    Post.objects.select_for_update().filter(pk=post.pk).first()
    coverage = {c.half: c for c in post_coverage_list_unscoped(posts=[post], start=day, end=day)}
    not_gaps = [h for h in halves if not coverage[h].is_gap]
    if not_gaps:
        raise invalid(
            CoverageError.ACTING_NOT_A_GAP,
            _("The post is covered then (%(who)s); an acting holder is only for a gap.")
            % {"who": coverage[not_gaps[0]].reason_text},
            field="halves",
        )
    candidates = acting_candidate_list_unscoped(post=post, day=day, halves=halves)
    if acting_holder.pk not in {p.pk for p in candidates}:
        raise invalid(
            CoverageError.ACTING_NOT_ELIGIBLE,
            _(
                "%(name)s may not act at this post then: the post's skills, presence on "
                "the day and no other acting duty are required."
            )
            % {"name": acting_holder.name},
            field="acting_holder",
        )
    created = []
    for half in halves:
        acting = ActingAssignment(
            post=post,
            date=day,
            half=half,
            acting_holder=acting_holder,
            assigned_by=actor,
            reason=(reason or "").strip(),
        )
        created.append(
            save_with_history(acting, actor=actor, reason=acting.reason or "acting holder")
        )
    return created


@transaction.atomic
def acting_remove(*, actor, acting: ActingAssignment, reason: str = "") -> None:
    """End an acting assignment; the post is a gap again. History keeps who and why."""
    acting = (
        ActingAssignment.objects.select_for_update()
        .select_related("post__unit")
        .filter(pk=acting.pk)
        .first()
    )
    if acting is None:
        raise ValidationError(
            {"acting": [ValidationError(_("No such acting assignment."), code="not_found")]}
        )
    _require_manager(actor, acting.post)
    attribute_change(acting, actor=actor, reason=(reason or "").strip() or "acting removed")
    acting.delete()
