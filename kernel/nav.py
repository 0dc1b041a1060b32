"""The site navigation, contributed by the apps instead of known by `config`.

Each app registers its entries in its `AppConfig.ready()`:

    from kernel.nav import NavItem, navigation
    navigation.register(NavItem(key="roster", label=_("Rosters"), url_name="roster:roster-list",
                                order=40), key="roster")

The base template renders the entries the user may see, in `order`; a `badge` callable
returns a number to show beside the entry (unread notices), read once per page.
"""

from collections.abc import Callable
from dataclasses import dataclass

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
    badge: Callable[[object], int] | None = None
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


def navigation_for(user) -> list[dict]:
    """The menu entries `user` sees, in order, with their URL and badge."""
    entries = []
    for item in sorted(navigation, key=lambda item: (item.order, item.key)):
        if not item.visible_to(user):
            continue
        entries.append(
            {
                "key": item.key,
                "label": item.label,
                "url": reverse(item.url_name),
                "badge": item.badge(user) if item.badge else 0,
                "id": item.element_id or f"nav-{item.key}",
            }
        )
    return entries
