"""The site navigation, contributed by the apps instead of known by `config`.

Each app registers its entries in its `AppConfig.ready()`:

    from kernel.nav import NavItem, navigation
    navigation.register(NavItem(key="roster", label=_("Rosters"), url_name="roster:roster-list",
                                order=40), key="roster")

The base template renders the entries the user may see, in `order`; a `badge` callable
returns the number to show beside the entry (unread notices), read once per page: either
an int or, better, the unevaluated QuerySet of the rows to count, so that every badge of
the page is counted in one query (`badge_counts`) instead of one COUNT each.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, IntegerField, QuerySet, Value
from django.urls import reverse

from kernel.extensions import ErrorPolicy, extension_point
from kernel.roles import user_roles


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    order: int = 100
    # Roles that see the entry; empty: every signed-in user.
    roles: frozenset[str] = frozenset()
    badge: Callable[[object], "int | QuerySet"] | None = None
    element_id: str = ""

    def visible_to(self, user) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return not self.roles or bool(self.roles & user_roles(user))


navigation = extension_point(
    "kernel.navigation",
    policy=ErrorPolicy.PROPAGATE,
    doc="NavItem entries of the site menu; registered by each app in ready().",
)


def badge_counts(rows: list[QuerySet]) -> list[int]:
    """The number of rows of each QuerySet, in one query whatever their models: a UNION ALL
    of one `SELECT <i>, COUNT(*)` per QuerySet (an aggregate without GROUP BY is one row even
    when nothing matches)."""
    if not rows:
        return []
    parts = [
        qs.order_by()
        .values(badge_index=Value(i, output_field=IntegerField()))
        .annotate(badge_n=Count("pk"))
        .values_list("badge_index", "badge_n")
        for i, qs in enumerate(rows)
    ]
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    counts = dict(union)
    return [counts.get(i, 0) for i in range(len(rows))]


def navigation_for(user) -> list[dict]:
    """The menu entries `user` sees, in order, with their URL and badge; the badges that
    are QuerySets are counted together in one query."""
    entries = []
    pending: list[tuple[dict, QuerySet]] = []
    for item in sorted(navigation, key=lambda item: (item.order, item.key)):
        if not item.visible_to(user):
            continue
        badge = item.badge(user) if item.badge else 0
        entry = {
            "key": item.key,
            "label": item.label,
            "url": reverse(item.url_name),
            "badge": badge,
            "id": item.element_id or f"nav-{item.key}",
        }
        if isinstance(badge, QuerySet):
            pending.append((entry, badge))
        entries.append(entry)
    counts = badge_counts([rows for _entry, rows in pending])
    for (entry, _rows), n in zip(pending, counts, strict=True):
        entry["badge"] = n
    return entries
