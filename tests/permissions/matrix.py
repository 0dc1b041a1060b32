"""The declared permission matrix: every route, method and role → allowed or denied.

Each app declares its routes in `tests/permissions/matrix_<app>.py` as a list `ACCESS`
of `Access` rows (and may add objects to the world with `extend_world(world)`). The test
in test_matrix.py fails when a served route has no row, when a row names a route that is
not served, and when any role gets other than what its row says.

"Allowed" means the request passed authentication, the role check and the org-unit scope:
anything but 401/403/404 (and, on pages, a redirect to the login page). A 400 for an
empty body counts as allowed: the person may try, the input was bad. A 5xx always fails.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from tests.permissions.world import ROLES, World

ANONYMOUS = "anonymous"
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANONYMOUS}
NOBODY = frozenset()
MANAGERS_OF_X = frozenset({"manager_x", "admin"})
MANAGERS = frozenset({"manager_x", "manager_y", "admin"})
# Who sees hall X's org data: its people, the bureau's integrity officer and leaders.
SEES_X = frozenset({"cadre_x", "manager_x", "integrity", "leader", "admin"})
# A cadre's own item: the cadre, the managers of the unit, the administrator.
OWNER_X_AND_MANAGERS = frozenset({"cadre_x", "manager_x", "admin"})


@dataclass(frozen=True)
class Access:
    route: str  # as served_routes() prints it, e.g. "api/absences/<pk>/approve/"
    method: str  # GET, POST, PATCH, PUT, DELETE
    allow: frozenset[str]  # the roles that get through; every other role is refused
    url: Callable[[World], str] | str | None = None  # default: "/" + route, if it has no <arg>
    data: Callable[[World], dict] | dict | None = None  # the body (default: empty)
    why: str = ""  # a word on a rule that is not obvious from the route

    def url_for(self, world: World) -> str:
        if callable(self.url):
            return self.url(world)
        if isinstance(self.url, str):
            return self.url
        if "<" in self.route:
            raise ValueError(f"{self.route}: a route with arguments needs url=")
        return "/" + self.route

    def data_for(self, world: World) -> dict:
        if callable(self.data):
            return self.data(world)
        return dict(self.data or {})

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")


def declared_modules():
    package = importlib.import_module("tests.permissions")
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("matrix_"):
            yield importlib.import_module(f"tests.permissions.{info.name}")


def declared_access() -> list[Access]:
    rows: list[Access] = []
    for module in declared_modules():
        rows.extend(module.ACCESS)
    return rows


def extend_world(world: World) -> None:
    for module in declared_modules():
        extend = getattr(module, "extend_world", None)
        if extend is not None:
            extend(world)
