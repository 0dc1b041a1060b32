"""Who can decide a swap, and whether the asking user may (ADR 0005)."""

from __future__ import annotations

from collections.abc import Iterable

from kernel.decisions import Decider, SeparationCheck
from roster.models import SwapRequest
from staffmgmt import selectors as staff_selectors

__all__ = ["swap_deciders_unscoped", "swap_decisions"]


def _parties(swap: SwapRequest) -> list:
    return [swap.requester, swap.counterpart]


def swap_deciders_unscoped(*, swap: SwapRequest) -> list[Decider]:
    """Who can decide this open swap (its `pending_deciders` when a list filled them)."""
    cached = getattr(swap, "pending_deciders", None)
    if cached is not None:
        return cached
    if swap.status not in SwapRequest.OPEN_STATUSES:
        return []
    return staff_selectors.deciders_for_unit_unscoped(
        unit=swap.assignment.roster.unit, excluding=_parties(swap)
    )


def swap_decisions(*, user, swaps: Iterable[SwapRequest]) -> list[SwapRequest]:
    """Fill, on each open swap, `pending_deciders` (who can decide it) and
    `decision_refusal` (why `user` may not, or None). A fixed number of queries.

    The swaps come from `swap_list(user=user)` (requester, counterpart and the roster's unit
    loaded).
    """
    swaps = list(swaps)
    open_swaps = [s for s in swaps if s.status in SwapRequest.OPEN_STATUSES]
    deciders = staff_selectors.deciders_for_units_unscoped(
        requests={s.pk: (s.assignment.roster.unit, _parties(s)) for s in open_swaps}
    )
    check = SeparationCheck(user)
    for swap in swaps:
        swap.pending_deciders = deciders.get(swap.pk, [])
        swap.decision_refusal = (
            check.refusal(about=_parties(swap), requested_by=swap.requester)
            if swap.pk in deciders
            else None
        )
    return swaps
