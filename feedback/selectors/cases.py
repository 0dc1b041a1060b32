"""The staff side: entries, replies, follow-ups and ratings, scoped to the asking user.

Scope: a manager, a leader or an integrity officer sees the entries, follow-ups and
ratings of every unit they see (their unit and those below it); a cadre sees the entries
and follow-ups assigned to them or owned by them, and the ratings of their own service.
Contact details of an entry are for those who may answer it (`answerable_unit_ids`,
`can_answer`): its owner, the person it is assigned to, and the managers of its unit.
"""

from __future__ import annotations

from django.db.models import Case, DateField, F, Prefetch, Q, QuerySet, When
from django.http import Http404

from feedback.models import (
    EntryReply,
    EntryStatus,
    FollowUp,
    FollowUpStatus,
    Rating,
    SuggestionEntry,
    WindowCard,
)
from kernel.roles import Role, user_roles
from staffmgmt import selectors as staff_selectors
from staffmgmt.models import Window

__all__ = [
    "OPEN_STATUSES",
    "answerable_unit_ids",
    "can_answer",
    "card_for_window",
    "entry_get_for_user",
    "entry_inbox",
    "entry_list",
    "follow_up_get_for_user",
    "follow_up_inbox",
    "follow_up_list",
    "rating_list",
    "window_list_with_cards",
]

OPEN_STATUSES = (EntryStatus.RECEIVED, EntryStatus.ACCEPTED)
WIDE_ROLES = {Role.MANAGER, Role.LEADERSHIP, Role.INTEGRITY_OFFICER}


def _sees_units(user) -> bool:
    return bool(
        user and user.is_authenticated and (user.is_superuser or user_roles(user) & WIDE_ROLES)
    )


def _own_scope(user, *fields: str) -> Q | None:
    me = staff_selectors.staff_for_user(user=user)
    if me is None:
        return None
    scope = Q()
    for name in fields:
        scope |= Q(**{name: me})
    return scope


def _scoped(queryset: QuerySet, user, *own_fields: str) -> QuerySet:
    if not user or not user.is_authenticated:
        return queryset.none()
    if _sees_units(user):
        return queryset.filter(unit__in=staff_selectors.org_unit_id_list(user=user))
    scope = _own_scope(user, *own_fields)
    return queryset.filter(scope) if scope is not None else queryset.none()


def _with_current_due(queryset: QuerySet[SuggestionEntry]) -> QuerySet[SuggestionEntry]:
    return queryset.annotate(
        current_due=Case(
            When(
                status=EntryStatus.RECEIVED,
                accept_due_date__isnull=False,
                then=F("accept_due_date"),
            ),
            default=F("due_date"),
            output_field=DateField(),
        )
    )


def entry_list(*, user) -> QuerySet[SuggestionEntry]:
    """Entries the user may see, with window, people and replies loaded, each annotated
    with `current_due` (the acceptance deadline of a complaint not yet taken, else the
    answer deadline). A constant number of queries however many are listed."""
    queryset = SuggestionEntry.objects.select_related(
        "window",
        "unit",
        "staff",
        "owner",
        "assigned_to",
        "concerned_staff",
    ).prefetch_related(Prefetch("replies", queryset=EntryReply.objects.select_related("author")))
    return _with_current_due(_scoped(queryset, user, "owner", "assigned_to"))


def entry_get_for_user(*, user, pk: int) -> SuggestionEntry:
    entry = entry_list(user=user).filter(pk=pk).first()
    if entry is None:
        raise Http404("no such entry")
    return entry


def entry_inbox(*, user) -> QuerySet[SuggestionEntry]:
    """Open entries the user should act on, soonest deadline first: their own, those
    assigned to them and nobody's yet, and (for a manager) every unowned one of the
    units they manage."""
    me = staff_selectors.staff_for_user(user=user)
    if me is None and not getattr(user, "is_superuser", False):
        return SuggestionEntry.objects.none()
    mine = Q(owner=me) | Q(owner__isnull=True, assigned_to=me) if me else Q(pk__in=[])
    managed = Q(
        owner__isnull=True, unit__in=staff_selectors.managed_org_unit_list(user=user).values("pk")
    )
    return (
        entry_list(user=user)
        .filter(status__in=OPEN_STATUSES)
        .filter(mine | managed)
        .order_by("current_due", "created_at", "pk")
    )


def answerable_unit_ids(*, user) -> set[int]:
    """The units in which the user answers every entry (as their manager). One query."""
    return set(staff_selectors.managed_org_unit_list(user=user).values_list("pk", flat=True))


def can_answer(*, user, entry: SuggestionEntry, managed_unit_ids: set[int] | None = None) -> bool:
    """Whether the user may see the contact details of `entry` and reply to it."""
    if not user or not user.is_authenticated:
        return False
    me = staff_selectors.staff_for_user(user=user)
    if me is not None and me.pk in (entry.owner_id, entry.assigned_to_id):
        return True
    if managed_unit_ids is None:
        managed_unit_ids = answerable_unit_ids(user=user)
    return entry.unit_id in managed_unit_ids


def follow_up_list(*, user) -> QuerySet[FollowUp]:
    queryset = FollowUp.objects.select_related(
        "rating", "rating__window", "rating__staff", "unit", "owner"
    )
    return _scoped(queryset, user, "owner")


def follow_up_get_for_user(*, user, pk: int) -> FollowUp:
    follow_up = follow_up_list(user=user).filter(pk=pk).first()
    if follow_up is None:
        raise Http404("no such follow-up")
    return follow_up


def follow_up_inbox(*, user) -> QuerySet[FollowUp]:
    """Open follow-ups the user should act on (own, or unowned in managed units), by due."""
    me = staff_selectors.staff_for_user(user=user)
    scope = Q(
        owner__isnull=True, unit__in=staff_selectors.managed_org_unit_list(user=user).values("pk")
    )
    if me is not None:
        scope |= Q(owner=me)
    return (
        follow_up_list(user=user)
        .filter(status=FollowUpStatus.OPEN)
        .filter(scope)
        .order_by("due_date", "pk")
    )


def rating_list(*, user) -> QuerySet[Rating]:
    """Ratings the user may see: of visible units, or (a cadre) of their own service."""
    queryset = Rating.objects.select_related("window", "unit", "staff")
    return _scoped(queryset, user, "staff")


def window_list_with_cards(*, user) -> QuerySet[Window]:
    """Active windows the user manages, each with its rating card (or none) loaded."""
    return (
        staff_selectors.window_list(user=user)
        .filter(
            is_active=True, unit__in=staff_selectors.managed_org_unit_list(user=user).values("pk")
        )
        .select_related("feedback_card")
        .order_by("unit__path", "number")
    )


def card_for_window(*, user, pk: int) -> WindowCard:
    """The rating card of a window the user manages; 404 if none or not theirs."""
    window = window_list_with_cards(user=user).filter(pk=pk).first()
    card = getattr(window, "feedback_card", None) if window else None
    if card is None:
        raise Http404("no card")
    return card
