"""Permission matrix rows of dashboards: unit dashboards, personal figures, the report."""

from tests.permissions.matrix import SIGNED_IN, Access

# Unit figures: leadership of the bureau above, the hall's manager, an administrator.
# The integrity officer and cadres have no unit dashboard (their own figures only).
UNIT_READERS = frozenset({"manager_x", "leader", "admin"})
# A person's figures: the person, and whoever may open their unit's dashboard (cadre_x's
# colleague, the other hall's manager and the integrity officer may not).
PERSON_X_READERS = UNIT_READERS | {"cadre_x"}


def _month(w) -> str:
    return w.today.strftime("%Y-%m")


ACCESS = [
    Access("dashboards/", "GET", SIGNED_IN, why="a unit dashboard or one's own figures"),
    Access("dashboards/me/", "GET", SIGNED_IN),
    Access(
        "dashboards/windows/<pk>/",
        "GET",
        UNIT_READERS,
        url=lambda w: f"/dashboards/windows/{w.window_x.pk}/",
        why="a window's figures, drilled down to from its hall",
    ),
    Access(
        "dashboards/people/<pk>/",
        "GET",
        PERSON_X_READERS,
        url=lambda w: f"/dashboards/people/{w.cadre_x.pk}/",
        why="a person's figures: their own, or to those who may open their unit",
    ),
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
