"""Permission matrix rows of dashboards: unit dashboards, personal figures, the report."""

from tests.permissions.matrix import SIGNED_IN, Access

# Unit figures: leadership of the bureau above, the hall's manager, an administrator.
# The integrity officer and cadres have no unit dashboard (their own figures only).
UNIT_READERS = frozenset({"manager_x", "leader", "admin"})


def _month(w) -> str:
    return w.today.strftime("%Y-%m")


ACCESS = [
    Access("dashboards/", "GET", SIGNED_IN, why="a unit dashboard or one's own figures"),
    Access("dashboards/me/", "GET", SIGNED_IN),
    Access(
        "dashboards/panels/<key>.<fmt>",
        "GET",
        UNIT_READERS,
        url=lambda w: f"/dashboards/panels/duty-fairness.csv?unit={w.hall_x.pk}",
    ),
    Access(
        "dashboards/report/",
        "GET",
        UNIT_READERS,
        url=lambda w: f"/dashboards/report/?unit={w.hall_x.pk}&month={_month(w)}",
    ),
    Access(
        "dashboards/report.xlsx",
        "GET",
        UNIT_READERS,
        url=lambda w: f"/dashboards/report.xlsx?unit={w.hall_x.pk}&month={_month(w)}",
    ),
]
